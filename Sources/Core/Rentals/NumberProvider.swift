#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A number leased from a provider for one order.
public struct Lease: Sendable, Equatable {
    public var providerOrderID: String
    public var phone: String

    public init(providerOrderID: String, phone: String) {
        self.providerOrderID = providerOrderID
        self.phone = phone
    }
}

public struct LeaseRequest: Sendable, Equatable {
    public var country: Country
    public var service: Service
    public var `operator`: String
    /// The most we may pay the provider, in rupiah (our sell price: never lease at a loss).
    public var maxCost: Int64?

    public init(country: Country, service: Service, operator: String, maxCost: Int64? = nil) {
        self.country = country
        self.service = service
        self.operator = `operator`
        self.maxCost = maxCost
    }
}

/// What a polled provider says about one of its orders.
public enum ProviderStatus: Sendable, Equatable {
    /// Nothing new yet.
    case waiting
    /// An SMS (the latest one) arrived: its text and the code the provider extracted, if any.
    case sms(text: String, code: String?)
    /// The provider ended the order without an SMS (it cancelled, banned or lost the number).
    case canceled
}

/// Stock of one country × service as a provider reports it, with what a number costs us there (whole
/// rupiah, converted from the provider's currency) when the provider says.
public struct StockLevel: Sendable, Equatable {
    public var country: String
    public var service: String
    public var count: Int64
    public var cost: Int64?

    public init(country: String, service: String, count: Int64, cost: Int64? = nil) {
        self.country = country
        self.service = service
        self.count = count
        self.cost = cost
    }
}

/// Where numbers come from (DESIGN.md "Provider"): the simulated one, an SMS-Activate-protocol upstream,
/// or an own pool. `lease` throws `RentalError.noNumbers` when none is available and
/// `RentalError.providerUnavailable` when the provider could not answer properly.
public struct NumberProvider: Sendable {
    public var name: String
    public var lease: @Sendable (LeaseRequest) throws -> Lease
    /// Tells the provider the order is over (so it can reuse or cancel the number upstream).
    public var release: @Sendable (_ providerOrderID: String, _ outcome: OrderState) -> Void
    /// Asks for another SMS on a received order.
    public var requestAnotherSMS: @Sendable (_ providerOrderID: String) throws -> Void
    /// Rental windows for this provider, per service (nil: the policy's default window).
    public var windows: RentalWindows
    /// For providers that are polled (an SMS-Activate upstream): what happened to an order. Nil for
    /// providers that push SMS to us (simulator, own pool, webhooks).
    public var status: (@Sendable (_ providerOrderID: String) throws -> ProviderStatus)?
    /// For providers that report stock: the current levels. Nil keeps the catalog's stock.
    public var stock: (@Sendable () throws -> [StockLevel])?

    public init(name: String, lease: @escaping @Sendable (LeaseRequest) throws -> Lease,
                release: @escaping @Sendable (String, OrderState) -> Void,
                requestAnotherSMS: @escaping @Sendable (String) throws -> Void,
                windows: RentalWindows = RentalWindows(),
                status: (@Sendable (String) throws -> ProviderStatus)? = nil,
                stock: (@Sendable () throws -> [StockLevel])? = nil) {
        self.name = name
        self.lease = lease
        self.release = release
        self.requestAnotherSMS = requestAnotherSMS
        self.windows = windows
        self.status = status
        self.stock = stock
    }
}

/// How long a rental lasts, per provider and service (R4: "the window per provider/service"), written in
/// configuration as `*=1200,wa=900` (`*` is the provider's default; unset falls back to RENTAL_WINDOW).
public struct RentalWindows: Sendable, Equatable {
    public var seconds: [String: TimeInterval]

    public init(_ seconds: [String: TimeInterval] = [:]) {
        self.seconds = seconds
    }

    public func window(for service: String) -> TimeInterval? {
        seconds[service] ?? seconds["*"]
    }

    /// Parses `*=1200,wa=900`; nil for a malformed entry or a window outside 60 s … 24 h.
    public static func parse(_ text: String) -> RentalWindows? {
        var seconds: [String: TimeInterval] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            guard parts.count == 2, !parts[0].isEmpty, let value = Int(parts[1]), (60...86_400).contains(value) else { return nil }
            seconds[parts[0]] = TimeInterval(value)
        }
        return RentalWindows(seconds)
    }
}
