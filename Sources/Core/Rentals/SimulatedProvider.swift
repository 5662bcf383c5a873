#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The embedded default provider: leases real-looking numbers and delivers a realistic SMS after a
/// random delay, or, for a configurable share of orders, never (so refunds are exercised). Scheduled
/// deliveries live in memory; after a restart `resume` plans them again from the open orders.
public final class SimulatedProvider: @unchecked Sendable {
    public struct Delivery: Sendable, Equatable {
        public let providerOrderID: String
        public let sender: String
        public let text: String
    }

    private struct Scheduled {
        var due: Date
        var service: Service
    }

    private let clock: Clock
    private let random: RandomSource
    private let noSMSRate: Double
    private let delay: ClosedRange<Int>
    private let windows: RentalWindows
    private let lock = Lock()
    private var schedule: [String: Scheduled] = [:]
    private var services: [String: Service] = [:]
    /// (phone, service) pairs already leased: a number never serves the same service twice (R5).
    private var served = Set<String>()

    public init(clock: Clock, random: RandomSource, noSMSRate: Double, delay: ClosedRange<Int>, windows: RentalWindows = RentalWindows()) {
        self.windows = windows
        self.clock = clock
        self.random = random
        self.noSMSRate = noSMSRate
        self.delay = delay
    }

    public var provider: NumberProvider {
        NumberProvider(name: "simulated", lease: { [self] request in try lease(request) },
                       release: { [self] id, _ in lock.withLock { _ = schedule.removeValue(forKey: id) } },
                       requestAnotherSMS: { [self] id in
                           lock.withLock {
                               guard let service = services[id] else { return }
                               schedule[id] = Scheduled(due: clock.now().addingTimeInterval(Double(delay.lowerBound)), service: service)
                           }
                       }, windows: windows)
    }

    func lease(_ request: LeaseRequest) throws -> Lease {
        let seed = random.bytes(8)
        let id = "SIM-" + Hex.encode(seed)
        var phone = ""
        for _ in 0..<5 {
            phone = SimulatedSMS.phoneNumber(country: request.country.iso, dialCode: request.country.dialCode, random: random)
            if lock.withLock({ served.insert(phone + "|" + request.service.code).inserted }) { break }
        }
        let plan = SimulatedSMS.plan(noSMSRate: noSMSRate, delay: delay, seed: seed)
        lock.withLock {
            services[id] = request.service
            if let seconds = plan { schedule[id] = Scheduled(due: clock.now().addingTimeInterval(Double(seconds)), service: request.service) }
        }
        return Lease(providerOrderID: id, phone: phone)
    }

    /// Deliveries whose time has come, removed from the schedule (the background job hands them to
    /// `RentalService.receive`).
    public func due() -> [Delivery] {
        let now = clock.now()
        return lock.withLock {
            let ready = schedule.filter { $0.value.due <= now }
            for id in ready.keys { schedule.removeValue(forKey: id) }
            return ready.map { id, item in
                Delivery(providerOrderID: id, sender: item.service.name,
                         text: SimulatedSMS.text(service: item.service.code, serviceName: item.service.name, code: SimulatedSMS.code(random: random)))
            }
        }
    }

    /// Takes back the open orders this provider leased before a restart emptied its memory: each pending
    /// order without a code gets the delivery it was planned at lease time (the plan comes from the random
    /// bytes of its provider order id: one that was never to get an SMS still gets none), counted from
    /// when it was bought, so an SMS that was due during the downtime comes at once and the order is not
    /// left to expire and be refunded because of the restart. Orders that already received a
    /// code get their service back (so `resend` works) and no second SMS. Their numbers count as served.
    /// Returns how many deliveries were planned.
    public func resume(_ orders: [Order], catalog: [String: Service]) -> Int {
        let now = clock.now()
        var planned = 0
        for order in orders where order.provider == "simulated" {
            guard let service = catalog[order.service] else { continue }
            var plan: Int?
            if order.state == .pending, order.code == nil, let seed = SimulatedSMS.seed(ofProviderOrderID: order.providerOrderID) {
                plan = SimulatedSMS.plan(noSMSRate: noSMSRate, delay: delay, seed: seed)
            }
            lock.withLock {
                // Known already: leased by this process (a purchase racing the start), its plan stands.
                guard services[order.providerOrderID] == nil else { return }
                services[order.providerOrderID] = service
                served.insert(order.phone + "|" + order.service)
                guard let seconds = plan else { return }
                schedule[order.providerOrderID] = Scheduled(due: max(now, order.createdAt.addingTimeInterval(Double(seconds))), service: service)
                planned += 1
            }
        }
        return planned
    }

    /// A text for `service` as the simulator would send it (for `smscode sim deliver`).
    public func sampleText(service: Service) -> String {
        SimulatedSMS.text(service: service.code, serviceName: service.name, code: SimulatedSMS.code(random: random))
    }
}
