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
    /// Safe to run on several hosts at once: each batch re-reads what is still due inside its transaction.
    @discardableResult
    public func purge() throws -> PurgeReport {
        let now = clock.now()
        var report = PurgeReport()
        while let batch = try store.write({ db in try purgeBatch(db, now: now) }) {
            report.accounts += batch.accounts
            report.mails += batch.mails
            report.smsTexts += batch.smsTexts
        }
        report.cooldowns = try store.write { try $0.deleteExpiredCooldowns(now: now) }
        if !report.isEmpty { report.scrubbed = try store.scrub() }
        return report
    }

    private func purgeBatch(_ db: any LifecycleRecords, now: Date) throws -> PurgeReport? {
        let due = try db.accountsDueForPurge(now: now, limit: 100)
        guard !due.isEmpty else { return nil }
        var report = PurgeReport()
        // Mails to a purged address are found by hashing each recipient the way the cooldown was keyed;
        // only mails from before the cooldown ended, so a new account's mails (day 31) are left alone.
        var cutoffs: [String: Date] = [:]
        for cooldown in due.compactMap(\.cooldown) { cutoffs[cooldown.emailHash] = max(cutoffs[cooldown.emailHash] ?? cooldown.until, cooldown.until) }
        if let latest = cutoffs.values.max() {
            let secret = try db.emailHashKey()
            for row in try db.outboxRecipients(createdBefore: latest) {
                guard let address = EmailAddress(row.recipient) else { continue }
                let hash = EmailCooldown.hash(normalizedEmail: address.normalized, secret: secret, digest: accounts.digest)
                if let until = cutoffs[hash], row.createdAt < until {
                    try db.deleteOutbox(id: row.id)
                    report.mails += 1
                }
            }
        }
        for candidate in due { report.smsTexts += try db.erasePersonalData(accountID: candidate.accountID, at: now) }
        report.accounts = due.count
        return report
    }
}
