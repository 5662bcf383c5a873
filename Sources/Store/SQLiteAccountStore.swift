import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `AccountStore` on SQLite: `write` is one `BEGIN IMMEDIATE` transaction on the single writer.
public struct SQLiteAccountStore: AccountStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func read<T>(_ body: (any AccountRecords) throws -> T) throws -> T {
        try database.read { try body(SQLiteAccountRecords(db: $0)) }
    }

    public func write<T>(_ body: (any AccountRecords) throws -> T) throws -> T {
        try database.write { try body(SQLiteAccountRecords(db: $0)) }
    }

    /// Checked before nearly every API request, so its snapshot is kept for the request's next read
    /// (usually what the caller asked for): one read transaction per request instead of two.
    public func currentAuthEpoch() throws -> Int64 {
        try database.readOneKeepingSnapshot(SQLiteAccountRecords.authEpochSQL) { $0.int(0) } ?? 0
    }
}

/// Text form of times in the database (RFC 3339, whole seconds, UTC) and back.
enum DBTime {
    static func text(_ date: Date) -> SQLValue { .text(Timestamp.format(date)) }
    static func text(_ date: Date?) -> SQLValue { date.map { .text(Timestamp.format($0)) } ?? .null }

    static func date(_ text: String) -> Date {
        Timestamp.parse(text) ?? (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
    }

    static func date(_ text: String?) -> Date? { text.map(date) }
}
