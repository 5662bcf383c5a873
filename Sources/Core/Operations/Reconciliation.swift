#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One thing the reconciliation found odd (issue 9): money and records that should agree but do not.
public struct ReconciliationFinding: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// A paid deposit without exactly one credit of its amount in the ledger, or a credit without a paid deposit.
        case depositCredit = "deposit_credit"
        /// A paid deposit without a verified callback that credited it.
        case depositCallback = "deposit_callback"
        /// An authenticated callback that was set aside (unknown order, amount or currency mismatch): a person must look.
        case callbackReview = "callback_review"
        /// A deposit still pending long after it expired (the deposit sweeper is not running).
        case depositStuck = "deposit_stuck"
        /// An order without exactly one charge of its price.
        case orderCharge = "order_charge"
        /// An order whose refund does not match its state (refunded twice, not refunded, or refunded when fulfilled).
        case orderRefund = "order_refund"
        /// An order still open long after its window ended (the order sweeper is not running).
        case orderStuck = "order_stuck"
        /// An account balance that differs from the sum of its ledger.
        case balance
    }

    public var kind: Kind
    public var subject: String
    public var detail: String

    public init(kind: Kind, subject: String, detail: String) {
        self.kind = kind
        self.subject = subject
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue)\t\(subject)\t\(detail)" }
}

/// Compares deposits with gateway callbacks and orders with the ledger; the Store answers in SQL.
public protocol ReconciliationStore: Sendable {
    /// Everything odd as of `now`; `grace` is how long past a deadline something may still be in flight.
    func reconcile(now: Date, grace: TimeInterval) throws -> [ReconciliationFinding]
}
