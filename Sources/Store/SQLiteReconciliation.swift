import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `ReconciliationStore` as SQL over one read snapshot: every check is a query whose rows are findings.
public struct SQLiteReconciliation: ReconciliationStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    typealias Check = (kind: ReconciliationFinding.Kind, sql: String)

    /// Each query returns (subject, detail); `?1` is the cut-off time (now − grace).
    static let checks: [Check] = [
        (.depositCredit, """
            SELECT d.id, 'paid Rp ' || d.amount || ', credited ' || count(l.id) || ' time(s), Rp ' || coalesce(sum(l.amount), 0)
            FROM deposits d LEFT JOIN ledger l ON l.reference = 'deposit:' || d.id
            WHERE d.state = 'paid' GROUP BY d.id HAVING count(l.id) != 1 OR sum(l.amount) != d.amount
            """),
        (.depositCredit, """
            SELECT l.reference, 'ledger credit Rp ' || l.amount || ' but the deposit is ' || coalesce(d.state, 'missing')
            FROM ledger l LEFT JOIN deposits d ON l.reference = 'deposit:' || d.id
            WHERE l.kind = 'deposit' AND (d.id IS NULL OR d.state != 'paid')
            """),
        (.depositCallback, """
            SELECT d.id, 'paid via ' || d.gateway || ' without a verified callback that credited it'
            FROM deposits d WHERE d.state = 'paid'
              AND NOT EXISTS (SELECT 1 FROM payment_events e WHERE e.order_id = d.id AND e.verified = 1 AND e.decision = 'credited')
            """),
        (.callbackReview, """
            SELECT coalesce(e.order_id, '(no order id)'), e.gateway || ' callback #' || e.id || ' at ' || e.received_at || ': ' || e.decision
            FROM payment_events e WHERE e.verified = 1 AND e.decision IN ('mismatch', 'unknown_order')
            """),
        (.depositStuck, """
            SELECT d.id, 'pending since ' || d.created_at || ', expired at ' || d.expires_at
            FROM deposits d WHERE d.state = 'pending' AND d.expires_at < ?1
            """),
        (.orderCharge, """
            SELECT o.id, 'price Rp ' || o.price || ', charged ' || count(l.id) || ' time(s), Rp ' || coalesce(-sum(l.amount), 0)
            FROM orders o LEFT JOIN ledger l ON l.reference = 'order:' || o.id || ':charge'
            GROUP BY o.id HAVING count(l.id) != 1 OR sum(l.amount) != -o.price
            """),
        (.orderRefund, """
            SELECT o.id, o.state || ', refunded flag ' || o.refunded || ', ' || count(l.id) || ' refund row(s) Rp ' || coalesce(sum(l.amount), 0)
            FROM orders o LEFT JOIN ledger l ON l.reference = 'order:' || o.id || ':refund'
            GROUP BY o.id
            HAVING (o.state IN ('expired', 'canceled', 'failed') AND (o.refunded != 1 OR count(l.id) != 1 OR sum(l.amount) != o.price))
                OR (o.state IN ('pending', 'received', 'finished') AND (o.refunded != 0 OR count(l.id) != 0))
            """),
        (.orderStuck, """
            SELECT o.id, o.state || ' but its window ended at ' || o.expires_at
            FROM orders o WHERE o.state IN ('pending', 'received') AND o.expires_at < ?1
            """),
        (.balance, """
            SELECT a.id, 'balance Rp ' || a.balance || ', ledger sum Rp ' || coalesce((SELECT sum(amount) FROM ledger l WHERE l.account_id = a.id), 0)
            FROM accounts a WHERE a.balance != coalesce((SELECT sum(amount) FROM ledger l WHERE l.account_id = a.id), 0)
            """),
    ]

    public func reconcile(now: Date, grace: TimeInterval) throws -> [ReconciliationFinding] {
        let cutoff = DBTime.text(now.addingTimeInterval(-grace))
        return try database.read { db in
            try Self.checks.flatMap { check in
                try db.all(check.sql, check.sql.contains("?1") ? [cutoff] : []) {
                    ReconciliationFinding(kind: check.kind, subject: $0.text(0), detail: $0.text(1))
                }
            }
        }
    }
}
