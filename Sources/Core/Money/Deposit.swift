#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public enum DepositState: String, Sendable, Codable, CaseIterable {
    case pending, paid, expired, failed
}

/// A top-up: created pending, credited only from a verified gateway callback (never a redirect).
public struct Deposit: Sendable, Equatable {
    /// Also our merchant order id at the gateway: `D` + 20 hex characters (≤ 32, `[A-Za-z0-9-]`).
    public var id: String
    public var accountID: String
    public var gateway: PaymentGateway
    public var method: String?
    public var amount: Int64
    public var state: DepositState
    public var payment: PaymentInstructions?
    public var createdAt: Date
    public var expiresAt: Date
    public var settledAt: Date?

    public init(id: String, accountID: String, gateway: PaymentGateway, method: String?, amount: Int64, state: DepositState,
                payment: PaymentInstructions?, createdAt: Date, expiresAt: Date, settledAt: Date? = nil) {
        self.id = id
        self.accountID = accountID
        self.gateway = gateway
        self.method = method
        self.amount = amount
        self.state = state
        self.payment = payment
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.settledAt = settledAt
    }
}

/// What the callback handler decided, for the raw callback log and the answer to the gateway.
public enum CallbackDecision: String, Sendable, Equatable {
    case credited
    case alreadySettled = "already_settled"
    case markedFailed = "marked_failed"
    case ignoredPending = "ignored_pending"
    case mismatch
    case unknownOrder = "unknown_order"
    case notConfirmed = "not_confirmed"
}
