import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `RentalStore` on SQLite; ledger postings go through the money records on the same connection, so a
/// charge or refund commits with its order change or not at all.
public struct SQLiteRentalStore: RentalStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func read<T>(_ body: (any RentalRecords) throws -> T) throws -> T {
        try database.read { try body(SQLiteRentalRecords(db: $0)) }
    }

    public func write<T>(_ body: (any RentalRecords) throws -> T) throws -> T {
        try database.write { try body(SQLiteRentalRecords(db: $0)) }
    }
}

struct SQLiteRentalRecords: RentalRecords {
    let db: Connection

    func country(_ iso: String) throws -> Country? {
        try db.one("SELECT \(SQLiteCatalogStore.countryColumns) FROM countries WHERE iso = ? AND active = 1", [.text(iso)], SQLiteCatalogStore.country)
    }

    func service(_ code: String) throws -> Service? {
        try db.one("SELECT \(SQLiteCatalogStore.serviceColumns) FROM services WHERE code = ? AND active = 1", [.text(code)], SQLiteCatalogStore.service)
    }

    func price(country: String, service: String, operator op: String) throws -> Price? {
        try db.one("""
            SELECT country, service, operator, cost, markup_percent, stock FROM prices
            WHERE country = ? AND service = ? AND operator = ? AND active = 1
            """, [.text(country), .text(service), .text(op)]) {
            Price(country: $0.text(0), service: $0.text(1), operator: $0.text(2), cost: $0.int(3), markupPercent: $0.int(4), stock: $0.int(5))
        }
    }

    func activeOrderCount(accountID: String) throws -> Int {
        Int(try db.one("SELECT count(*) FROM orders WHERE account_id = ? AND state IN ('pending', 'received')", [.text(accountID)]) { $0.int(0) } ?? 0)
    }

    func post(_ posting: Posting, at: Date) throws -> PostingResult {
        try SQLiteMoneyRecords(db: db).post(posting, at: at)
    }

    /// An order without a lease (a purchase no provider could serve) has an empty `providerOrderID`;
    /// it is stored as `unleased:<order id>` so that `UNIQUE (provider, provider_order_id)` still holds.
    func insertOrder(_ o: Order) throws -> Int64 {
        try db.run("""
            INSERT INTO orders (account_id, service, country, operator, provider, provider_order_id, phone, price, state, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, COALESCE(NULLIF(?6, ''), 'unleased:' || (SELECT COALESCE(MAX(id), 0) + 1 FROM orders)), ?, ?, ?, ?, ?)
            """, [.text(o.accountID), .text(o.service), .text(o.country), .text(o.operator), .text(o.provider), .text(o.providerOrderID),
                  .text(o.phone), .integer(o.price), .text(o.state.rawValue), DBTime.text(o.createdAt), DBTime.text(o.expiresAt)])
        return db.lastInsertRowID
    }

    func noteIdempotentResource(accountID: String, key: String, resource: String) throws {
        try IdempotencyNote.write(db, accountID: accountID, key: key, resource: resource)
    }

    static let columns = """
        o.id, o.account_id, o.service, o.country, o.operator, o.provider, o.provider_order_id, o.phone, o.price, o.state,
        o.created_at, o.expires_at, o.settled_at, o.refunded,
        (SELECT m.code FROM sms_messages m WHERE m.order_id = o.id AND m.code IS NOT NULL ORDER BY m.id DESC LIMIT 1)
        """

    static func order(_ row: Row) -> Order {
        Order(id: row.int(0), accountID: row.text(1), service: row.text(2), country: row.text(3), operator: row.text(4), provider: row.text(5),
              providerOrderID: row.text(6), phone: row.text(7), price: row.int(8), state: OrderState(rawValue: row.text(9)) ?? .failed,
              createdAt: DBTime.date(row.text(10)), expiresAt: DBTime.date(row.text(11)), settledAt: DBTime.date(row.optionalText(12)),
              refunded: row.int(13) == 1, code: row.optionalText(14))
    }

    func order(id: Int64) throws -> Order? {
        try db.one("SELECT \(Self.columns) FROM orders o WHERE o.id = ?", [.integer(id)], Self.order)
    }

    func order(provider: String, providerOrderID: String) throws -> Order? {
        try db.one("SELECT \(Self.columns) FROM orders o WHERE o.provider = ? AND o.provider_order_id = ?", [.text(provider), .text(providerOrderID)], Self.order)
    }

    func orders(accountID: String, state: OrderState?, before: Int64?, limit: Int) throws -> [Order] {
        try db.all("""
            SELECT \(Self.columns) FROM orders o WHERE o.account_id = ?1 AND (?2 IS NULL OR o.state = ?2) AND o.id < ?3
            ORDER BY o.id DESC LIMIT ?4
            """, [.text(accountID), state.map { .text($0.rawValue) } ?? .null, .integer(before ?? Int64.max), .integer(Int64(limit))], Self.order)
    }

    func transition(orderID: Int64, from: OrderState, to: OrderState, refunded: Bool, at: Date) throws -> Bool {
        try db.run("UPDATE orders SET state = ?, refunded = ?, settled_at = CASE WHEN ? THEN ? ELSE settled_at END WHERE id = ? AND state = ?",
                   [.text(to.rawValue), .integer(refunded ? 1 : 0), .integer(to.isFinal ? 1 : 0), DBTime.text(at), .integer(orderID),
                    .text(from.rawValue)]) == 1
    }

    func insertMessage(_ m: SMSMessage) throws {
        try db.run("INSERT INTO sms_messages (order_id, sender, text, code, received_at) VALUES (?, ?, ?, ?, ?)",
                   [.integer(m.orderID), .text(m.sender), .text(m.text), m.code.map { .text($0) } ?? .null, DBTime.text(m.receivedAt)])
    }

    func messages(orderID: Int64) throws -> [SMSMessage] {
        try db.all("SELECT order_id, sender, text, code, received_at FROM sms_messages WHERE order_id = ? ORDER BY id", [.integer(orderID)]) {
            SMSMessage(orderID: $0.int(0), sender: $0.text(1), text: $0.text(2), code: $0.optionalText(3), receivedAt: DBTime.date($0.text(4)))
        }
    }

    func dueOrders(now: Date, limit: Int) throws -> [Order] {
        try db.all("SELECT \(Self.columns) FROM orders o WHERE o.state IN ('pending', 'received') AND o.expires_at <= ? ORDER BY o.expires_at LIMIT ?",
                   [DBTime.text(now), .integer(Int64(limit))], Self.order)
    }

    func balance(accountID: String) throws -> Int64 {
        try db.one("SELECT balance FROM accounts WHERE id = ?", [.text(accountID)]) { $0.int(0) } ?? 0
    }

    func activeOrders(provider: String, limit: Int) throws -> [Order] {
        try db.all("SELECT \(Self.columns) FROM orders o WHERE o.provider = ? AND o.state IN ('pending', 'received') ORDER BY o.id LIMIT ?",
                   [.text(provider), .integer(Int64(limit))], Self.order)
    }

    func setSupply(country: String, service: String, count: Int64, cost: Int64?, at: Date) throws -> Bool {
        try db.run("UPDATE prices SET stock = ?, updated_at = ? WHERE country = ? AND service = ? AND active = 1 AND stock != ?",
                   [.integer(max(0, count)), DBTime.text(at), .text(country), .text(service), .integer(max(0, count))])
        guard let cost, cost > 0,
              let current = try price(country: country, service: service, operator: "any"), current.cost != cost else { return false }
        var updated = current
        updated.cost = cost
        try db.run("UPDATE prices SET cost = ?, price = ?, updated_at = ? WHERE country = ? AND service = ? AND operator = 'any'",
                   [.integer(cost), .integer(updated.sellPrice), DBTime.text(at), .text(country), .text(service)])
        try SQLiteCatalogStore.recordHistory(updated, db: db, at: at)
        return true
    }
}
