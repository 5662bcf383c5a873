#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Money persistence in domain terms; `write` is one all-or-nothing transaction.
public protocol MoneyStore: Sendable {
    func read<T>(_ body: (any MoneyRecords) throws -> T) throws -> T
    func write<T>(_ body: (any MoneyRecords) throws -> T) throws -> T
}

public protocol MoneyRecords {
    /// Books a posting and moves the cached balance with it; `.duplicate` if the reference exists.
    /// Throws `MoneyError.insufficientBalance` instead of letting a balance go below zero.
    func post(_ posting: Posting, at: Date) throws -> PostingResult
    func balance(accountID: String) throws -> Int64
    /// Newest first; `before` is an entry id (the cursor).
    func ledger(accountID: String, before: Int64?, limit: Int) throws -> [LedgerEntry]

    func insertDeposit(_ deposit: Deposit) throws
    func deposit(id: String) throws -> Deposit?
    /// Newest first; `before` is a deposit's `createdAt|id` cursor.
    func deposits(accountID: String?, state: DepositState?, before: String?, limit: Int) throws -> [Deposit]
    func setPayment(depositID: String, _ payment: PaymentInstructions) throws
    /// Moves a deposit out of `pending`; false if it was no longer pending (exactly-once).
    func settle(depositID: String, to state: DepositState, at: Date) throws -> Bool
    func expiredPendingDeposits(now: Date, limit: Int) throws -> [Deposit]

    /// The raw callback log for reconciliation: every callback, verified or not.
    func logCallback(gateway: PaymentGateway, body: [UInt8], remoteAddress: String, verified: Bool,
                     orderID: String?, decision: String, at: Date) throws

    func idempotentResponse(accountID: String, key: String) throws -> StoredResponse?
    /// Reserves a key for a request; false if the key already exists.
    func reserveIdempotencyKey(accountID: String, key: String, requestHash: String, at: Date) throws -> Bool
    func completeIdempotencyKey(accountID: String, key: String, status: Int, body: String) throws
    func releaseIdempotencyKey(accountID: String, key: String) throws
    /// Names what the request holding this reserved key created (`deposit:D…`), in the transaction that
    /// created it: a retry after a crash before the answer was stored answers with it instead of
    /// creating another (security.md A2, kill -9 soak).
    func noteIdempotentResource(accountID: String, key: String, resource: String) throws

    func auditFindings() throws -> [AuditFinding]
}

/// A first answer kept for an `Idempotency-Key`, replayed on retries.
public struct StoredResponse: Sendable, Equatable {
    public var requestHash: String
    /// nil while the first request is still running.
    public var status: Int?
    public var body: String

    public init(requestHash: String, status: Int?, body: String) {
        self.requestHash = requestHash
        self.status = status
        self.body = body
    }

    /// While there is no answer yet, `body` names the resource the request created, if it got that far
    /// (`noteIdempotentResource`): what a retry answers with after the process died mid-request.
    public var resource: String? { status == nil && !body.isEmpty ? body : nil }
}
