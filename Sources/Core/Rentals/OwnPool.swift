#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Numbers we hold ourselves (a SIM bank or modem gateway) and their leases. A number serves each
/// service at most once, ever (R5); it goes back to the pool when its order ends.
public protocol PoolStore: Sendable {
    /// Leases a free number of `country` that never served `service`, recording both; nil when none.
    func lease(country: String, operator: String, service: String, leaseID: String, at: Date) throws -> String?
    /// Frees the number of a lease (idempotent).
    func release(leaseID: String) throws
    /// The lease a number is currently serving (where an inbound SMS to it belongs).
    func leaseID(phone: String) throws -> String?
    /// Numbers that could still be leased, per country × priced service.
    func stock() throws -> [StockLevel]
    /// Adds numbers (E.164 with `+`) to the pool; returns how many were new.
    func add(phones: [String], country: String, operator: String, at: Date) throws -> Int
    /// Records an inbound message's digest; false if it was seen before (a gateway retry or a replay).
    func firstSighting(digest: String, at: Date) throws -> Bool
    /// Removes a sighting whose message could not be applied.
    func forget(digest: String) throws
}

/// The own-pool provider. Its SMS arrive by push (`POST /api/v1/inbound/sms`), so it is never polled.
public struct OwnPool: Sendable {
    public let name: String
    let store: any PoolStore
    let clock: Clock
    let random: RandomSource
    let windows: RentalWindows

    public init(name: String = "pool", store: any PoolStore, clock: Clock, random: RandomSource, windows: RentalWindows = RentalWindows()) {
        self.name = name
        self.store = store
        self.clock = clock
        self.random = random
        self.windows = windows
    }

    public var provider: NumberProvider {
        NumberProvider(name: name, lease: { request in
            let id = "POOL-" + random.hex(8)
            guard let phone = try store.lease(country: request.country.iso, operator: request.operator, service: request.service.code,
                                              leaseID: id, at: clock.now()) else { throw RentalError.noNumbers }
            return Lease(providerOrderID: id, phone: phone)
        }, release: { id, _ in
            try? store.release(leaseID: id)
        }, requestAnotherSMS: { _ in
            // The number stays ours for the whole window: the next SMS to it is delivered like the first.
        }, windows: windows, stock: { try store.stock() })
    }

    /// E.164 with `+`, 8–15 digits: what the gateway must send and what the pool holds.
    public static func isPhoneNumber(_ text: String) -> Bool {
        text.first == "+" && (8...15).contains(text.count - 1) && text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}
