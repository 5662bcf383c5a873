/// The knobs of money flows, from configuration.
public struct MoneySettings: Sendable {
    /// Duitku refuses less than Rp 10.000 (payments.md §0.7).
    public var minimumDeposit: Int64 = 10_000
    public var maximumDeposit: Int64 = 10_000_000
    /// How long a pending deposit waits for payment (Duitku expiryPeriod, Heleket lifetime).
    public var depositLifetimeSeconds = 3600
    /// Ask the gateway's status API before crediting a callback (payments.md §0.1).
    public var confirmCallbacks = true
    /// Public site address, for callback and return URLs.
    public var baseURL = "http://127.0.0.1:8080"

    public init() {}
}
