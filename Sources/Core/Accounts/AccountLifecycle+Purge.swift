#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AccountLifecycle {
    /// What one purge run erased.
    public struct PurgeReport: Sendable, Equatable {
        public var accounts = 0
        public var mails = 0
        public var smsTexts = 0
        public var cooldowns = 0
        /// False if the WAL could not be truncated completely this time (a reader held it); the next run retries.
        public var scrubbed = true

        public init() {}

        public var isEmpty: Bool { accounts == 0 && mails == 0 && smsTexts == 0 && cooldowns == 0 }
    }

    /// Purges the personal data of accounts deleted `EmailCooldown.days` ago or more (ToS §9: "purged
    /// after 30 days"): sessions, tokens, link tokens, SMS texts, idempotency answers, every outbox mail
    /// sent to the address (in whatever spelling, matched by the keyed hash) and the cooldown itself.
    /// Orders, SMS metadata, deposits and the ledger stay under the opaque account id (KUP: 10 years).
    ///
    /// The outbox is scanned once per run of up to 2,000 accounts (a snapshot read), then short write
    /// transactions delete the mails and erase the accounts, so API writes never wait long. A crash in
    /// between is harmless: the next run finds the accounts still due and finishes. Running on several
    /// hosts at once only repeats deletions that are already done.
    @discardableResult
    public func purge() throws -> PurgeReport {
        let now = clock.now()
        var report = PurgeReport()
        while true {
            let (due, mails) = try store.read { db in
                let due = try db.accountsDueForPurge(now: now, limit: 2_000)
                return (due, try mailsTo(due, db))
            }
            guard !due.isEmpty else { break }
            for chunk in mails.chunked(500) { try store.write { db in for id in chunk { try db.deleteOutbox(id: id) } } }
            for chunk in due.chunked(100) {
                report.smsTexts += try store.write { db in try chunk.reduce(0) { $0 + (try db.erasePersonalData(accountID: $1.accountID, at: now)) } }
            }
            report.accounts += due.count
            report.mails += mails.count
        }
        report.cooldowns = try store.write { try $0.deleteExpiredCooldowns(now: now) }
        if !report.isEmpty { report.scrubbed = try store.scrub() }
        return report
    }

    /// Outbox rows to the purged addresses, found by hashing each recipient the way the cooldown was keyed;
    /// only mails from before the cooldown ended, so a new account's mails (day 31 on) are left alone.
    private func mailsTo(_ due: [PurgeCandidate], _ db: any LifecycleRecords) throws -> [Int64] {
        var cutoffs: [String: Date] = [:]
        for cooldown in due.compactMap(\.cooldown) { cutoffs[cooldown.emailHash] = max(cutoffs[cooldown.emailHash] ?? cooldown.until, cooldown.until) }
        guard let latest = cutoffs.values.max() else { return [] }
        let secret = try db.emailHashKey()
        return try db.outboxRecipients(createdBefore: latest).compactMap { row in
            guard let address = EmailAddress(row.recipient),
                  let until = cutoffs[EmailCooldown.hash(normalizedEmail: address.normalized, secret: secret, digest: accounts.digest)],
                  row.createdAt < until else { return nil }
            return row.id
        }
    }
}

fileprivate extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
