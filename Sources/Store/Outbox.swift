import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The delivery side of the transactional outbox: the job reads pending mails and marks each one
/// delivered after its transport accepted it (at-least-once: a crash between the two re-sends one mail).
public struct Outbox: Sendable {
    public struct Pending: Sendable, Equatable {
        public let id: Int64
        public let mail: Mail
        public let createdAt: Date
    }

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func pending(limit: Int = 50) throws -> [Pending] {
        try database.read { db in
            try db.all("SELECT id, recipient, subject, body, created_at FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?",
                       [.integer(Int64(limit))]) { row in
                Pending(id: row.int(0), mail: Mail(to: row.text(1), subject: row.text(2), body: row.text(3)),
                        createdAt: DBTime.date(row.text(4)))
            }
        }
    }

    public func markDelivered(_ id: Int64, at: Date) throws {
        try database.write { try $0.run("UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL", [DBTime.text(at), .integer(id)]) }
    }
}
