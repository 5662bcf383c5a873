#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What one round of asking the polled providers did, for the background job's log and the metrics.
public struct ProviderPollResult: Sendable, Equatable {
    public var checked = 0
    public var messages = 0
    public var failed = 0
    /// Orders whose provider could not answer this round (timeout, garbage): they stay as they are and
    /// are asked again next round; their window still ends in a refund if nothing ever comes.
    public var errors = 0

    public init() {}
}

extension RentalService {
    /// Asks every polled provider (an SMS-Activate upstream) about its active orders and applies what it
    /// says through the same rules as any other event: a new SMS is received (and shown only inside the
    /// window), an upstream cancellation fails the order and refunds it, exactly once.
    @discardableResult
    public func pollProviders(limit: Int = 200) -> ProviderPollResult {
        var result = ProviderPollResult()
        for provider in providers {
            guard let status = provider.status else { continue }
            guard let orders = try? store.read({ try $0.activeOrders(provider: provider.name, limit: limit) }) else {
                result.errors += 1
                continue
            }
            for order in orders {
                result.checked += 1
                do {
                    switch try status(order.providerOrderID) {
                    case .waiting:
                        break
                    case .sms(let text, _):
                        let known = try store.read { try $0.messages(orderID: order.id) }
                        guard !known.contains(where: { $0.text == text }) else { break }
                        try receive(orderID: order.id, sender: provider.name, text: text, at: clock.now())
                        result.messages += 1
                    case .canceled:
                        if case .settle(.failed, _) = try apply(.failed(at: clock.now()), to: order) { result.failed += 1 }
                    }
                } catch {
                    onProviderError(provider.name)
                    result.errors += 1
                }
            }
        }
        return result
    }

    /// Copies the stock levels and costs providers report into the price list, so `/prices`, the pricing
    /// pages and the compatibility APIs show what can really be bought, and the sell price never falls
    /// below what a number costs us (the highest cost any provider reports, plus the same markup).
    /// Providers without a report keep the catalog's figures. Returns how many levels were written and
    /// how many prices changed.
    @discardableResult
    public func refreshStock() throws -> (levels: Int, pricesChanged: Int) {
        var totals: [String: StockLevel] = [:]
        for provider in providers {
            guard let report = provider.stock else { continue }
            for level in try report() {
                let key = level.country + "|" + level.service
                var total = totals[key] ?? StockLevel(country: level.country, service: level.service, count: 0)
                total.count += level.count
                if let cost = level.cost { total.cost = max(total.cost ?? 0, cost) }
                totals[key] = total
            }
        }
        guard !totals.isEmpty else { return (0, 0) }
        let now = clock.now()
        let changed = try store.write { db in
            try totals.values.filter { level in
                try db.setSupply(country: level.country, service: level.service, count: level.count, cost: level.cost, at: now)
            }.count
        }
        return (totals.count, changed)
    }
}

extension RentalService {
    /// Hands the simulated provider the orders it had open before this process started (its delivery
    /// schedule lives in memory), with their services from the catalog. Returns the deliveries planned.
    public func resume(_ simulator: SimulatedProvider, limit: Int = 100_000) throws -> Int {
        let (orders, catalog) = try store.read { records -> ([Order], [String: Service]) in
            let orders = try records.activeOrders(provider: "simulated", limit: limit)
            var catalog: [String: Service] = [:]
            for code in Set(orders.map(\.service)) { catalog[code] = try records.service(code) }
            return (orders, catalog)
        }
        return simulator.resume(orders, catalog: catalog)
    }
}
