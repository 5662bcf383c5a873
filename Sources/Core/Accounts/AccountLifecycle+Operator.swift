#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The operator's side of the lifecycle: `smscode account terminate` (R3, R9) and `smscode terms announce` (R10).
extension AccountLifecycle {
    public struct Termination: Sendable, Equatable {
        public var account: Account
        public var forfeited: Int64
    }

    /// Terminates an account: it is refused at once everywhere (`account_terminated` on every request
    /// with its sessions or tokens, and at login), every token is revoked, and with `forfeit` (a policy
    /// violation) the balance is forfeited by a ledger row. Orders, deposits and the ledger stay.
    /// Terminating a terminated account again only forfeits what was credited since (a late refund).
    public func terminate(email: String, reason: String, forfeit: Bool) throws -> Termination {
        let found = try accounts.account(email: email)
        let now = clock.now()
        return try store.write { db in
            guard var account = try db.account(id: found.id) else { throw AccountError.notFound }
            let again = account.state == .terminated
            guard [.active, .unverified, .suspended].contains(account.state) || (again && forfeit) else { throw AccountError.invalidState }
            let forfeited = forfeit ? try self.forfeit(db, account, memo: "account terminated: " + reason, at: now) : 0
            if !again {
                try db.markTerminated(accountID: account.id, reason: reason, at: now)
                try db.revokeTokens(accountID: account.id, at: now)
                try db.enqueue(LifecycleMails.terminated(to: account.email, forfeited: forfeited), at: now)
                account.state = .terminated
            }
            account.balance -= forfeited
            return Termination(account: account, forfeited: forfeited)
        }
    }

    /// Mails every active account that accepted an older Terms version about `version`, once per account
    /// and version however often it runs (R10). The dashboard shows its notice from `GET /api/v1/me`
    /// (`terms.accepted != terms.current`) until the user accepts. Returns how many mails were queued.
    @discardableResult
    public func announceTerms(version: String) throws -> Int {
        let now = clock.now()
        var queued = 0
        while true {
            let batch = try store.write { db -> Int in
                let awaiting = try db.accountsAwaitingTermsNotice(version: version, limit: 200)
                for account in awaiting where try db.recordTermsNotice(version: version, accountID: account.id, at: now) {
                    try db.enqueue(LifecycleMails.termsChanged(to: account.email, version: version, baseURL: accounts.settings.baseURL), at: now)
                }
                return awaiting.count
            }
            guard batch > 0 else { return queued }
            queued += batch
        }
    }
}
