#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Persistence for the account lifecycle (R9, R10): deletion, termination, purge and terms notices.
/// One `write` spans accounts, ledger, orders, deposits, sessions, tokens and the outbox, because a
/// deletion must forfeit, close and revoke in one transaction or not at all.
public protocol LifecycleStore: Sendable {
    func read<T>(_ body: (any LifecycleRecords) throws -> T) throws -> T
    func write<T>(_ body: (any LifecycleRecords) throws -> T) throws -> T
    /// Makes erased data unrecoverable from the database's own files (SQLite: checkpoint and truncate
    /// the WAL; deleted rows are already zeroed by `secure_delete`). False if part had to stay for now.
    func scrub() throws -> Bool
}

public protocol LifecycleRecords {
    func account(id: String) throws -> Account?
    /// What blocks a deletion right now: orders `pending`/`received` and deposits `pending`.
    func blockers(accountID: String) throws -> DeletionBlockers
    /// Books a ledger posting in this transaction (the forfeiture).
    func post(_ posting: Posting, at: Date) throws -> PostingResult
    func forfeitureCount(accountID: String) throws -> Int

    /// Turns the account into a tombstone: state `deleted`, email and password hash gone at once (the
    /// normalized email becomes `deleted:<id>`, so the address is free for day-31 re-registration).
    func markDeleted(accountID: String, at: Date, purgeAt: Date) throws
    func markTerminated(accountID: String, reason: String, at: Date) throws
    func deleteSessions(accountID: String) throws
    func revokeTokens(accountID: String, at: Date) throws
    /// The server secret keying the email hashes (generated once per installation).
    func emailHashKey() throws -> [UInt8]
    func insertCooldown(_ cooldown: EmailCooldown) throws
    func enqueue(_ mail: Mail, at: Date) throws

    /// Deleted accounts whose purge date has come and that are not purged yet, oldest first.
    func accountsDueForPurge(now: Date, limit: Int) throws -> [PurgeCandidate]
    /// Outbox rows (delivered or not) created before `date`, for matching recipients by keyed hash.
    func outboxRecipients(createdBefore date: Date) throws -> [OutboxRecipient]
    func deleteOutbox(id: Int64) throws
    /// Erases what is personal and not a financial record: sessions, tokens, link tokens, idempotency
    /// answers, SMS texts and codes, the cooldown; orders, SMS metadata and the ledger stay. Returns how
    /// many SMS texts were erased.
    func erasePersonalData(accountID: String, at: Date) throws -> Int
    /// Cooldowns whose time has passed (their accounts' purge removes them too); returns how many.
    func deleteExpiredCooldowns(now: Date) throws -> Int

    /// Active accounts that accepted another terms version than `version` and were not mailed about it.
    func accountsAwaitingTermsNotice(version: String, limit: Int) throws -> [Account]
    /// Records that `accountID` was mailed about `version`; false if it already was (mail once per version).
    func recordTermsNotice(version: String, accountID: String, at: Date) throws -> Bool
}

public struct DeletionBlockers: Sendable, Equatable {
    public var activeOrders: Int
    public var pendingDeposits: Int

    public init(activeOrders: Int, pendingDeposits: Int) {
        self.activeOrders = activeOrders
        self.pendingDeposits = pendingDeposits
    }

    public var isEmpty: Bool { activeOrders == 0 && pendingDeposits == 0 }
}

/// A deleted account awaiting its purge, with its cooldown (nil if it had none).
public struct PurgeCandidate: Sendable, Equatable {
    public var accountID: String
    public var cooldown: EmailCooldown?

    public init(accountID: String, cooldown: EmailCooldown?) {
        self.accountID = accountID
        self.cooldown = cooldown
    }
}

public struct OutboxRecipient: Sendable, Equatable {
    public var id: Int64
    public var recipient: String
    public var createdAt: Date

    public init(id: Int64, recipient: String, createdAt: Date) {
        self.id = id
        self.recipient = recipient
        self.createdAt = createdAt
    }
}
