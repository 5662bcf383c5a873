#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a balance changed (DESIGN.md principle 4). There is no withdrawal or transfer kind: balance can
/// only be spent inside SMSCode (ToS §4).
public enum LedgerKind: String, Sendable, Codable, CaseIterable {
    case deposit
    case rentalCharge = "rental_charge"
    case refund
    case forfeiture
    case adjustment
}

/// One balance change. Rows are never updated or deleted (the database refuses it); `reference` is
/// unique, so the same deposit, charge or refund can never be booked twice.
public struct LedgerEntry: Sendable, Equatable {
    public var id: Int64
    public var accountID: String
    public var kind: LedgerKind
    /// Signed whole rupiah: positive credits, negative debits.
    public var amount: Int64
    public var balanceAfter: Int64
    public var reference: String
    public var memo: String
    public var createdAt: Date

    public init(id: Int64, accountID: String, kind: LedgerKind, amount: Int64, balanceAfter: Int64, reference: String,
                memo: String, createdAt: Date) {
        self.id = id
        self.accountID = accountID
        self.kind = kind
        self.amount = amount
        self.balanceAfter = balanceAfter
        self.reference = reference
        self.memo = memo
        self.createdAt = createdAt
    }
}

/// A balance change to book: the store applies it to the cached balance in the same transaction.
public struct Posting: Sendable, Equatable {
    public var accountID: String
    public var kind: LedgerKind
    public var amount: Int64
    public var reference: String
    public var memo: String

    public init(accountID: String, kind: LedgerKind, amount: Int64, reference: String, memo: String = "") {
        self.accountID = accountID
        self.kind = kind
        self.amount = amount
        self.reference = reference
        self.memo = memo
    }
}

/// The outcome of booking a posting.
public enum PostingResult: Sendable, Equatable {
    case booked(LedgerEntry)
    /// The reference was booked before: nothing changed (exactly-once).
    case duplicate
}

/// An account whose cached balance differs from the sum of its ledger (`smscode audit`).
public struct AuditFinding: Sendable, Equatable {
    public var accountID: String
    public var cachedBalance: Int64
    public var ledgerSum: Int64

    public init(accountID: String, cachedBalance: Int64, ledgerSum: Int64) {
        self.accountID = accountID
        self.cachedBalance = cachedBalance
        self.ledgerSum = ledgerSum
    }
}

public enum MoneyError: Error, Equatable, Sendable {
    case insufficientBalance(balance: Int64, needed: Int64)
    case amountOutOfRange(minimum: Int64, maximum: Int64)
    case unknownGateway(String)
    case gatewayRejected(String)
    case gatewayUnavailable
    case idempotencyConflict
    case idempotencyInProgress
    case notFound
    case invalidAmount
}

extension MoneyError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .insufficientBalance(let balance, let needed): "The balance (Rp \(balance)) is less than Rp \(needed)."
        case .amountOutOfRange(let minimum, let maximum): "Deposits must be between Rp \(minimum) and Rp \(maximum)."
        case .unknownGateway(let name): "Unknown or disabled payment gateway '\(name)'."
        case .gatewayRejected(let message): "The payment gateway refused the payment: \(message)"
        case .gatewayUnavailable: "The payment gateway is not reachable; try again shortly."
        case .idempotencyConflict: "This Idempotency-Key was used with a different request."
        case .idempotencyInProgress: "A request with this Idempotency-Key is still being processed."
        case .notFound: "No such deposit."
        case .invalidAmount: "The amount must be a whole number of rupiah."
        }
    }
}
