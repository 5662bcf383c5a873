import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `PoolStore` on SQLite: a lease is one write transaction, so two purchases never get the same number.
public struct SQLitePoolStore: PoolStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func lease(country: String, operator op: String, service: String, leaseID: String, at: Date) throws -> String? {
        try database.write { db in
            guard let phone = try db.one("""
                SELECT p.phone FROM pool_numbers p
                WHERE p.country = ?1 AND (?2 = 'any' OR p.operator = ?2) AND p.lease_id IS NULL AND p.active = 1
                  AND NOT EXISTS (SELECT 1 FROM pool_served s WHERE s.phone = p.phone AND s.service = ?3)
                ORDER BY p.leased_at IS NOT NULL, p.leased_at, p.phone LIMIT 1
                """, [.text(country), .text(op), .text(service)], { $0.text(0) }) else { return nil }
            try db.run("UPDATE pool_numbers SET lease_id = ?, leased_at = ? WHERE phone = ?", [.text(leaseID), DBTime.text(at), .text(phone)])
            try db.run("INSERT INTO pool_served (phone, service, served_at) VALUES (?, ?, ?)", [.text(phone), .text(service), DBTime.text(at)])
            return phone
        }
    }

    public func release(leaseID: String) throws {
        try database.write { db in _ = try db.run("UPDATE pool_numbers SET lease_id = NULL WHERE lease_id = ?", [.text(leaseID)]) }
    }

    public func leaseID(phone: String) throws -> String? {
        try database.read { db in try db.one("SELECT lease_id FROM pool_numbers WHERE phone = ? AND lease_id IS NOT NULL", [.text(phone)]) { $0.text(0) } }
    }

    public func stock() throws -> [StockLevel] {
        try database.read { db in
            try db.all("""
                SELECT pr.country, pr.service, (SELECT count(*) FROM pool_numbers p WHERE p.country = pr.country AND p.lease_id IS NULL
                    AND p.active = 1 AND NOT EXISTS (SELECT 1 FROM pool_served s WHERE s.phone = p.phone AND s.service = pr.service))
                FROM (SELECT DISTINCT country, service FROM prices WHERE active = 1) pr
                WHERE pr.country IN (SELECT DISTINCT country FROM pool_numbers WHERE active = 1)
                ORDER BY pr.country, pr.service
                """) { StockLevel(country: $0.text(0), service: $0.text(1), count: $0.int(2)) }
        }
    }

    public func add(phones: [String], country: String, operator op: String, at: Date) throws -> Int {
        try database.write { db in
            var added = 0
            for phone in phones {
                added += try db.run("INSERT INTO pool_numbers (phone, country, operator, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (phone) DO NOTHING",
                                    [.text(phone), .text(country), .text(op), DBTime.text(at)])
            }
            return added
        }
    }

    public func firstSighting(digest: String, at: Date) throws -> Bool {
        try database.write { db in
            try db.run("INSERT INTO inbound_sms (digest, received_at) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING", [.text(digest), DBTime.text(at)]) == 1
        }
    }

    public func forget(digest: String) throws {
        try database.write { db in _ = try db.run("DELETE FROM inbound_sms WHERE digest = ?", [.text(digest)]) }
    }
}
