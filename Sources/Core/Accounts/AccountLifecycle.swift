#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The end of an account (R9) and changed terms (R10): self-service deletion with forfeiture and the
/// re-registration cooldown, the purge of personal data 30 days later, termination by the operator and
/// terms announcements. Pure: persistence, hashing and time come in through `store` and `accounts`.
public struct AccountLifecycle: Sendable {
    public let store: any LifecycleStore
    /// For the password hasher, digest, clock and settings the account flows already use.
    public let accounts: AccountService

    public init(store: any LifecycleStore, accounts: AccountService) {
        self.store = store
        self.accounts = accounts
    }

    var clock: Clock { accounts.clock }

    /// Everything a user must see before confirming a deletion (ToS §4: the forfeited balance is shown
    /// first).
    public struct DeletionPreview: Sendable, Equatable {
        public var forfeitAmount: Int64
        public var blockers: DeletionBlockers
        public var cooldownDays: Int
        /// When personal data is purged and the email may register again, if deleted now.
        public var purgeAt: Date
    }

    public func deletionPreview(_ account: Account) throws -> DeletionPreview {
        let now = clock.now()
        return try store.read { db in
            let balance = try db.account(id: account.id)?.balance ?? account.balance
            return DeletionPreview(forfeitAmount: balance, blockers: try db.blockers(accountID: account.id),
                                   cooldownDays: EmailCooldown.days, purgeAt: now.addingTimeInterval(EmailCooldown.seconds))
        }
    }

    public struct DeletionReceipt: Sendable, Equatable {
        public var forfeited: Int64
        public var deletedAt: Date
        public var purgeAt: Date
    }

    /// Deletes the caller's account. The password is checked first (Argon2id, outside the write lock);
    /// then, in one transaction: refuse if orders or deposits are open or the confirmed amount is not
    /// the balance; forfeit the whole balance by a ledger row; tombstone the account; end every session
    /// and revoke every token; keep only a keyed hash of the email for the cooldown; queue the mail.
    public func delete(_ principal: AccountService.Principal, password: String, confirmForfeitAmount: Int64) throws -> DeletionReceipt {
        guard accounts.hasher.verify(password, principal.account.passwordHash) else { throw AccountError.invalidCredentials }
        let now = clock.now()
        let purgeAt = now.addingTimeInterval(EmailCooldown.seconds)
        return try store.write { db in
            guard let account = try db.account(id: principal.account.id), account.state == .active || account.state == .unverified else {
                throw AccountError.unauthorized
            }
            let blockers = try db.blockers(accountID: account.id)
            guard blockers.isEmpty else {
                throw LifecycleError.deletionBlocked(activeOrders: blockers.activeOrders, pendingDeposits: blockers.pendingDeposits)
            }
            guard confirmForfeitAmount == account.balance else { throw LifecycleError.forfeitMismatch(balance: account.balance) }
            let forfeited = try forfeit(db, account, memo: "account deleted by its owner: balance forfeited (ToS §4, §9)", at: now)
            try db.markDeleted(accountID: account.id, at: now, purgeAt: purgeAt)
            try db.deleteSessions(accountID: account.id)
            try db.revokeTokens(accountID: account.id, at: now)
            let hash = EmailCooldown.hash(normalizedEmail: account.normalizedEmail, secret: try db.emailHashKey(), digest: accounts.digest)
            try db.insertCooldown(EmailCooldown(accountID: account.id, emailHash: hash, until: purgeAt))
            try db.enqueue(LifecycleMails.deleted(to: account.email, forfeited: forfeited, opensAt: purgeAt), at: now)
            return DeletionReceipt(forfeited: forfeited, deletedAt: now, purgeAt: purgeAt)
        }
    }

    /// Books a forfeiture of the whole balance (nothing if it is zero). The first one of an account has
    /// the reference `account:<id>:forfeit`; a later one (a refund that landed after a termination)
    /// `account:<id>:forfeit:<n>`, so each is booked exactly once.
    func forfeit(_ db: any LifecycleRecords, _ account: Account, memo: String, at now: Date) throws -> Int64 {
        guard account.balance > 0 else { return 0 }
        let earlier = try db.forfeitureCount(accountID: account.id)
        let reference = "account:\(account.id):forfeit" + (earlier == 0 ? "" : ":\(earlier + 1)")
        guard case .booked(let entry) = try db.post(Posting(accountID: account.id, kind: .forfeiture, amount: -account.balance,
                                                             reference: reference, memo: memo), at: now)
        else { throw AccountError.invalidState }
        return -entry.amount
    }
}
