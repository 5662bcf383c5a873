import CSQLite

/// A prepared statement owned by one `Connection` (and so by one thread at a time).
public final class Statement {
    let handle: OpaquePointer
    let sql: String
    private unowned let connection: Connection

    init(handle: OpaquePointer, sql: String, connection: Connection) {
        self.handle = handle
        self.sql = sql
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// SQLITE_TRANSIENT is a C macro with a cast, not imported (stack.md Q1).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard Int(sqlite3_bind_parameter_count(handle)) == values.count else {
            throw SQLiteError(code: SQLITE_RANGE, message: "expected \(sqlite3_bind_parameter_count(handle)) bindings, got \(values.count)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .integer(let number): rc = sqlite3_bind_int64(handle, index, number)
            case .real(let number): rc = sqlite3_bind_double(handle, index, number)
            case .text(let text): rc = sqlite3_bind_text(handle, index, text, -1, Statement.transient)
            case .blob(let bytes): rc = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Statement.transient) }
            case .null: rc = sqlite3_bind_null(handle, index)
            }
            guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
        }
    }

    /// Steps once: true while a row is available.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(rc, sql: sql)
        }
    }

    /// Releases the read snapshot at once: an un-reset statement blocks WAL checkpoints (stack.md Q2).
    func reset() { sqlite3_reset(handle) }
}

/// The current row of a statement, read by column index.
public struct Row {
    let statement: Statement
    /// Added to every column index, so a mapper written for one table reads its columns from a join.
    var offset: Int32 = 0

    /// The same row with column 0 at `column`: `SELECT a.*, b.*` maps `b` with `row.shifted(by: aColumnCount)`.
    public func shifted(by columns: Int32) -> Row { Row(statement: statement, offset: offset + columns) }

    public func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement.handle, offset + column) }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(statement.handle, offset + column) }
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement.handle, offset + column) == SQLITE_NULL }

    public func text(_ column: Int32) -> String {
        let column = offset + column
        guard let pointer = sqlite3_column_text(statement.handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    public func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }

    public func blob(_ column: Int32) -> [UInt8] {
        let column = offset + column
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        guard let pointer = sqlite3_column_blob(statement.handle, column), count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
