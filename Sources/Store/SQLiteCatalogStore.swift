import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `CatalogStore` on SQLite.
public struct SQLiteCatalogStore: CatalogStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func importCatalog(_ catalog: Catalog, at: Date) throws -> CatalogImportResult {
        try database.write { db in
            var retired = 0
            for table in ["countries", "services", "operators", "prices"] { try db.run("UPDATE \(table) SET active = 0") }
            for c in catalog.countries {
                try db.run("""
                    INSERT INTO countries (iso, dial_code, name_id, name_en, sms_activate_id, fivesim_name, sort, active) VALUES (?, ?, ?, ?, ?, ?, ?, 1)
                    ON CONFLICT(iso) DO UPDATE SET dial_code = excluded.dial_code, name_id = excluded.name_id, name_en = excluded.name_en,
                        sms_activate_id = excluded.sms_activate_id, fivesim_name = excluded.fivesim_name, sort = excluded.sort, active = 1
                    """, [.text(c.iso), .text(c.dialCode), .text(c.nameID), .text(c.nameEN), .integer(Int64(c.smsActivateID)),
                          .text(c.fivesimName), .integer(Int64(c.sort))])
            }
            for s in catalog.services {
                try db.run("""
                    INSERT INTO services (code, name, fivesim_name, category, sort, active) VALUES (?, ?, ?, ?, ?, 1)
                    ON CONFLICT(code) DO UPDATE SET name = excluded.name, fivesim_name = excluded.fivesim_name,
                        category = excluded.category, sort = excluded.sort, active = 1
                    """, [.text(s.code), .text(s.name), .text(s.fivesimName), .text(s.category), .integer(Int64(s.sort))])
            }
            for o in catalog.operators {
                try db.run("""
                    INSERT INTO operators (country, code, name, sort, active) VALUES (?, ?, ?, ?, 1)
                    ON CONFLICT(country, code) DO UPDATE SET name = excluded.name, sort = excluded.sort, active = 1
                    """, [.text(o.country), .text(o.code), .text(o.name), .integer(Int64(o.sort))])
            }
            var changed = 0
            for p in catalog.prices {
                let before = try db.one("SELECT cost, markup_percent, price FROM prices WHERE country = ? AND service = ? AND operator = ?",
                                        [.text(p.country), .text(p.service), .text(p.operator)]) { [$0.int(0), $0.int(1), $0.int(2)] }
                let priceChanged = before != [p.cost, p.markupPercent, p.sellPrice]
                try db.run("""
                    INSERT INTO prices (country, service, operator, cost, markup_percent, price, stock, updated_at, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
                    ON CONFLICT(country, service, operator) DO UPDATE SET cost = excluded.cost, markup_percent = excluded.markup_percent,
                        price = excluded.price, stock = excluded.stock, active = 1,
                        updated_at = CASE WHEN prices.price != excluded.price OR prices.cost != excluded.cost
                                          OR prices.markup_percent != excluded.markup_percent THEN excluded.updated_at ELSE prices.updated_at END
                    """, [.text(p.country), .text(p.service), .text(p.operator), .integer(p.cost), .integer(p.markupPercent),
                          .integer(p.sellPrice), .integer(p.stock), DBTime.text(at)])
                if priceChanged {
                    changed += 1
                    try Self.recordHistory(p, db: db, at: at)
                }
            }
            for table in ["countries", "services", "operators", "prices"] {
                retired += try db.one("SELECT count(*) FROM \(table) WHERE active = 0") { Int($0.int(0)) } ?? 0
            }
            return CatalogImportResult(countries: catalog.countries.count, services: catalog.services.count,
                                       operators: catalog.operators.count, prices: catalog.prices.count, changedPrices: changed, retired: retired)
        }
    }

    static let countryColumns = "iso, dial_code, name_id, name_en, sms_activate_id, fivesim_name, sort"

    static func country(_ row: Row) -> Country {
        Country(iso: row.text(0), dialCode: row.text(1), nameID: row.text(2), nameEN: row.text(3), smsActivateID: Int(row.int(4)),
                fivesimName: row.text(5), sort: Int(row.int(6)))
    }

    static let serviceColumns = "code, name, fivesim_name, category, sort"

    static func service(_ row: Row) -> Service {
        Service(code: row.text(0), name: row.text(1), fivesimName: row.text(2), category: row.text(3), sort: Int(row.int(4)))
    }

    public func countries() throws -> [Country] {
        try database.read { db in
            try db.all("SELECT \(Self.countryColumns) FROM countries WHERE active = 1 ORDER BY sort, iso", [], Self.country)
        }
    }

    public func services() throws -> [Service] {
        try database.read { db in
            try db.all("SELECT \(Self.serviceColumns) FROM services WHERE active = 1 ORDER BY sort, code", [], Self.service)
        }
    }

    public func prices(country: String?, service: String?) throws -> [Price] {
        try database.read { db in
            try db.all("""
                SELECT p.country, p.service, p.operator, p.cost, p.markup_percent, p.stock FROM prices p
                JOIN countries c ON c.iso = p.country JOIN services s ON s.code = p.service
                WHERE p.active = 1 AND (?1 IS NULL OR p.country = ?1) AND (?2 IS NULL OR p.service = ?2)
                ORDER BY c.sort, s.sort, p.operator
                """, [country.map { .text($0) } ?? .null, service.map { .text($0) } ?? .null]) {
                Price(country: $0.text(0), service: $0.text(1), operator: $0.text(2), cost: $0.int(3), markupPercent: $0.int(4), stock: $0.int(5))
            }
        }
    }

    public func pricesUpdatedAt() throws -> Date? {
        try database.readOne("SELECT max(updated_at) FROM prices WHERE active = 1") { DBTime.date($0.optionalText(0)) } ?? nil
    }
}

extension SQLiteCatalogStore {
    public func operators() throws -> [Operator] {
        try database.read { db in
            try db.all("""
                SELECT o.country, o.code, o.name, o.sort FROM operators o JOIN countries c ON c.iso = o.country
                WHERE o.active = 1 AND c.active = 1 ORDER BY c.sort, o.sort, o.code
                """, []) { Operator(country: $0.text(0), code: $0.text(1), name: $0.text(2), sort: Int($0.int(3))) }
        }
    }

    /// One price-history row: every change of cost, markup or sell price, whoever made it (an import,
    /// a provider's cost).
    static func recordHistory(_ p: Price, db: Connection, at: Date) throws {
        try db.run("""
            INSERT INTO price_history (country, service, operator, cost, markup_percent, price, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(p.country), .text(p.service), .text(p.operator), .integer(p.cost), .integer(p.markupPercent),
                  .integer(p.sellPrice), DBTime.text(at)])
    }
}
