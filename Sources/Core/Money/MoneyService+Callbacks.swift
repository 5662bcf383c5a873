#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension MoneyService {
    /// The answer to a callback: 200 with the gateway's acknowledgement once the event is recorded
    /// (so the gateway stops retrying), or 503 when we could not confirm it yet (so it retries).
    public struct CallbackAnswer: Sendable, Equatable {
        public var status: Int
        public var body: String
        public var decision: CallbackDecision
    }

    /// Handles a gateway callback: verify (else throw `GatewayError.unauthenticated`, logged, nothing
    /// changes), check it against the stored deposit, confirm with the gateway, then settle and credit
    /// in one transaction, exactly once. Every callback is logged raw for reconciliation.
    public func handleCallback(gateway gatewayID: PaymentGateway, body: [UInt8], contentType: String,
                               remoteAddress: String) throws -> CallbackAnswer {
        guard let client = gateways[gatewayID] else { throw MoneyError.unknownGateway(gatewayID.rawValue) }
        let now = clock.now()
        let callback: VerifiedCallback
        do {
            callback = try client.verifyCallback(body, contentType)
        } catch {
            try store.write { try $0.logCallback(gateway: gatewayID, body: body, remoteAddress: remoteAddress, verified: false,
                                                 orderID: nil, decision: "rejected", at: now) }
            throw error
        }
        let decision = try decide(callback, client: client)
        let answer = CallbackAnswer(status: decision == .notConfirmed ? 503 : 200,
                                    body: decision == .notConfirmed ? "RETRY" : client.acknowledgement, decision: decision)
        try store.write { db in
            if decision == .credited || decision == .markedFailed {
                try settleAndBook(db, callback, decision: decision, now: now)
            }
            try db.logCallback(gateway: gatewayID, body: body, remoteAddress: remoteAddress, verified: true,
                               orderID: callback.orderID, decision: decision.rawValue, at: now)
        }
        return answer
    }

    /// What to do with a verified callback, before touching anything.
    private func decide(_ callback: VerifiedCallback, client: GatewayClient) throws -> CallbackDecision {
        guard let deposit = try store.read({ try $0.deposit(id: callback.orderID) }), deposit.gateway == callback.gateway else {
            return .unknownOrder
        }
        guard callback.amount == deposit.amount, callback.currency == "IDR" else { return .mismatch }
        switch callback.outcome {
        case .pending:
            return .ignoredPending
        case .failed, .expired:
            return deposit.state == .pending ? .markedFailed : .alreadySettled
        case .paid:
            if deposit.state == .paid { return .alreadySettled }
            if deposit.state == .failed { return .mismatch } // a failed deposit never turns paid without review
            if settings.confirmCallbacks {
                guard let status = try? client.confirm(callback.orderID), status.outcome == .paid, status.amount == deposit.amount
                else { return .notConfirmed }
            }
            return .credited
        }
    }

    /// Settles the deposit and books the credit in the caller's transaction. The conditional state
    /// change and the unique ledger reference each make a second credit impossible.
    private func settleAndBook(_ db: any MoneyRecords, _ callback: VerifiedCallback, decision: CallbackDecision, now: Date) throws {
        guard let deposit = try db.deposit(id: callback.orderID) else { return }
        if decision == .markedFailed {
            _ = try db.settle(depositID: deposit.id, to: callback.outcome == .expired ? .expired : .failed, at: now)
            return
        }
        guard deposit.state == .pending || deposit.state == .expired, try db.settle(depositID: deposit.id, to: .paid, at: now) else { return }
        _ = try db.post(Posting(accountID: deposit.accountID, kind: .deposit, amount: deposit.amount, reference: "deposit:" + deposit.id,
                                memo: "\(deposit.gateway.rawValue) \(callback.reference)"), at: now)
    }
}
