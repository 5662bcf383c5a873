import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The database's side of `GET /metrics`: a handful of aggregate reads on one snapshot.
public enum SQLiteStats {
    public static func collect(_ database: Database, now: Date) throws -> OperationalStats {
        let writes = database.commitStatistics
        return try database.read { db in
            let orders = Dictionary(uniqueKeysWithValues: try db.all("SELECT state, count(*) FROM orders GROUP BY state") { ($0.text(0), $0.int(1)) })
            let deposits = Dictionary(uniqueKeysWithValues: try db.all("SELECT state, count(*) FROM deposits GROUP BY state") { ($0.text(0), $0.int(1)) })
            let refunds = try db.one("SELECT count(*), coalesce(sum(amount), 0) FROM ledger WHERE kind = 'refund'") { ($0.int(0), $0.int(1)) } ?? (0, 0)
            let due = try db.one("SELECT count(*) FROM orders WHERE state IN ('pending', 'received') AND expires_at <= ?", [DBTime.text(now)]) { $0.int(0) } ?? 0
            return OperationalStats(ordersByState: orders, depositsByState: deposits, refunds: refunds.0, refundedRupiah: refunds.1, settlementsDue: due,
                                    databaseCommits: writes.commits, databaseWrites: writes.writes)
        }
    }
}
