#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One rental as stored. Ids are numbers (as SMS-Activate and 5sim clients expect), shown as strings.
public struct Order: Sendable, Equatable {
    public var id: Int64
    public var accountID: String
    public var service: String
    public var country: String
    public var `operator`: String
    public var provider: String
    public var providerOrderID: String
    /// E.164 with `+`.
    public var phone: String
    public var price: Int64
    public var state: OrderState
    public var createdAt: Date
    public var expiresAt: Date
    public var settledAt: Date?
    public var refunded: Bool
    /// The latest code received, or nil.
    public var code: String?

    public init(id: Int64, accountID: String, service: String, country: String, operator: String, provider: String,
                providerOrderID: String, phone: String, price: Int64, state: OrderState, createdAt: Date, expiresAt: Date,
                settledAt: Date? = nil, refunded: Bool = false, code: String? = nil) {
        self.id = id
        self.accountID = accountID
        self.service = service
        self.country = country
        self.operator = `operator`
        self.provider = provider
        self.providerOrderID = providerOrderID
        self.phone = phone
        self.price = price
        self.state = state
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.settledAt = settledAt
        self.refunded = refunded
        self.code = code
    }
}

public struct SMSMessage: Sendable, Equatable {
    public var orderID: Int64
    public var sender: String
    public var text: String
    public var code: String?
    public var receivedAt: Date

    public init(orderID: Int64, sender: String, text: String, code: String?, receivedAt: Date) {
        self.orderID = orderID
        self.sender = sender
        self.text = text
        self.code = code
        self.receivedAt = receivedAt
    }
}

public enum RentalError: Error, Equatable, Sendable {
    case unknownCountry(String)
    case unknownService(String)
    case noNumbers
    /// Every provider that could have served the order failed (timeout, garbage answer, upstream error):
    /// nothing was charged; the caller may retry.
    case providerUnavailable
    /// Every provider failed at purchase: the order was recorded `failed`, charged and refunded in the
    /// same transaction (R5: "if the provider fails, the order becomes failed and is refunded").
    case providerFailed(orderID: Int64)
    case priceAboveMax(price: Int64)
    case tooManyActiveOrders(limit: Int)
    case rule(OrderRuleError)
    case notFound
}

/// Rental persistence; `write` is one transaction that may also book ledger postings.
public protocol RentalStore: Sendable {
    func read<T>(_ body: (any RentalRecords) throws -> T) throws -> T
    func write<T>(_ body: (any RentalRecords) throws -> T) throws -> T
}

public protocol RentalRecords {
    func country(_ iso: String) throws -> Country?
    func service(_ code: String) throws -> Service?
    func price(country: String, service: String, operator: String) throws -> Price?
    func activeOrderCount(accountID: String) throws -> Int
    /// The account's balance, checked before a provider is asked for a number (a purchase that cannot be
    /// paid must not lease, and upstream providers charge us for leases).
    func balance(accountID: String) throws -> Int64
    /// Pending and received orders of one provider (the ones an upstream is polled for).
    func activeOrders(provider: String, limit: Int) throws -> [Order]
    /// Sets the stock of every active price of country × service (all operators) as providers reported it,
    /// and, when `cost` is given, the cost of its `any`-operator price (the sell price follows with the same
    /// markup; a change gets a price-history row). Returns whether a price changed.
    @discardableResult
    func setSupply(country: String, service: String, count: Int64, cost: Int64?, at: Date) throws -> Bool
    /// Books a ledger posting in this transaction (the charge, or a refund exactly once).
    func post(_ posting: Posting, at: Date) throws -> PostingResult
    /// Inserts the order and returns its id.
    func insertOrder(_ order: Order) throws -> Int64
    /// Names the order an Idempotency-Key's request created, in the purchase's own transaction (see
    /// `MoneyRecords.noteIdempotentResource`).
    func noteIdempotentResource(accountID: String, key: String, resource: String) throws
    func order(id: Int64) throws -> Order?
    func order(provider: String, providerOrderID: String) throws -> Order?
    func orders(accountID: String, state: OrderState?, before: Int64?, limit: Int) throws -> [Order]
    /// Moves an order from `from` to `to`; false if it was no longer in `from` (someone settled it first).
    func transition(orderID: Int64, from: OrderState, to: OrderState, refunded: Bool, at: Date) throws -> Bool
    func insertMessage(_ message: SMSMessage) throws
    func messages(orderID: Int64) throws -> [SMSMessage]
    func dueOrders(now: Date, limit: Int) throws -> [Order]
}
