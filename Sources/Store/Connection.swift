import CSQLite

/// One SQLite connection with a prepared-statement cache. Not thread-safe by itself: the `Database`
/// hands each connection to one thread at a time (the writer under a FIFO lock, readers from a pool).
public final class Connection {
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    public let isReadOnly: Bool
    /// A worker's own connection is in use by that worker (`Database.withReader`); only that thread touches it.
    var isLentToWorker = false
    /// A read transaction is open for the worker's next read (`Database.readOneKeepingSnapshot`).
    var keepsSnapshot = false

    /// Commits the read transaction kept open for the next read, if there is one.
    func endKeptSnapshot() {
        guard keepsSnapshot else { return }
        keepsSnapshot = false
        _ = try? run("COMMIT")
    }

    /// Opens and configures a connection. `busy_timeout` is set first: other pragmas can already hit
    /// a lock (SQLITE_BUSY_RECOVERY when several connections open a fresh file, stack.md Q2).
    init(path: String, readOnly: Bool, busyTimeoutMilliseconds: Int32 = 5000) throws {
        Connection.configureLibraryOnce()
        var pointer: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let rc = sqlite3_open_v2(path, &pointer, flags, nil)
        guard rc == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let pointer { sqlite3_close_v2(pointer) }
            throw SQLiteError(code: rc, message: message + " (\(path))", sql: nil)
        }
        handle = pointer
        isReadOnly = readOnly
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA mmap_size = 0") // mmap can turn the WAL-reset race into corruption (security.md A0.1)
        try execute("PRAGMA secure_delete = ON") // erased rows are zeroed in their pages, not left behind (A7)
        if readOnly {
            try execute("PRAGMA query_only = ON")
        } else {
            let mode = try scalarText("PRAGMA journal_mode = WAL")
            guard mode == "wal" else { throw SQLiteError(code: SQLITE_ERROR, message: "journal_mode is \(mode), not wal", sql: nil) }
            try execute("PRAGMA synchronous = FULL") // money acknowledged to a client must survive a power cut
            try execute("PRAGMA journal_size_limit = 67108864")
        }
        guard try scalarInt("PRAGMA synchronous") == 2 || readOnly else {
            throw SQLiteError(code: SQLITE_ERROR, message: "synchronous is not FULL", sql: nil)
        }
    }

    /// Process-wide settings that must precede SQLite's initialisation (the first open). Swift runs a
    /// `static let` initialiser exactly once, whichever thread gets there first.
    private static let libraryConfigured: Bool = {
        smscode_sqlite_disable_memory_statistics() == SQLITE_OK
    }()

    static func configureLibraryOnce() { _ = libraryConfigured }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL text that may hold several statements and returns no rows (migrations, pragmas).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Runs one statement with bindings; returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query and maps every row.
    public func all<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws -> T) throws -> [T] {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try map(Row(statement: statement))) }
        return rows
    }

    /// Runs a query and maps the first row, if any.
    public func one<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws -> T) throws -> T? {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? try map(Row(statement: statement)) : nil
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func scalarText(_ sql: String) throws -> String {
        try one(sql) { $0.text(0) } ?? ""
    }

    func scalarInt(_ sql: String) throws -> Int64 {
        try one(sql) { $0.int(0) } ?? 0
    }

    private func prepared(_ sql: String) throws -> Statement {
        if let statement = cache[sql] { return statement }
        var pointer: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard rc == SQLITE_OK, let pointer else { throw error(rc, sql: sql) }
        let statement = Statement(handle: pointer, sql: sql, connection: self)
        cache[sql] = statement
        return statement
    }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
