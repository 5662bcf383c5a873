@testable import API
import Core
import Foundation
import HTTP
import Store
import Testing

/// Reconciliation finds exactly what was broken, and metrics count what happened (issue 9).
@Suite struct OperationsTests {
    func reconcile(_ app: TestApp) throws -> [ReconciliationFinding] {
        try SQLiteReconciliation(database: app.database).reconcile(now: app.clock.date, grace: 600)
    }

    @Test func aHealthyHistoryReconcilesCleanAndEachBreakageIsNamed() throws {
        let app = try TestApp()
        let login = try app.shopper("recon@example.com")
        let id = try #require(app.deposit(login).json["id"] as? String)
        app.gateway.setStatus(id, GatewayStatus(outcome: .paid, amount: 25_000, reference: "REF1"))
        #expect(app.callback(TestGateway.callback(order: id, amount: 25_000, status: "paid")).status == 200)
        let kept = try #require(app.buy(login).json["id"] as? String)
        let expiring = try #require(app.buy(login).json["id"] as? String)
        app.clock.advance(by: 1_300)
        try app.rentals.sweep()
        #expect(try reconcile(app) == [])

        // Break things the way bugs or hand edits would, one of each kind.
        let account = try app.accounts.account(email: "recon@example.com").id
        try app.database.write { db in
            _ = try db.run("UPDATE orders SET refunded = 0 WHERE id = ?", [.integer(Int64(kept)!)])                 // refund and flag disagree
            _ = try db.run("INSERT INTO ledger (account_id, kind, amount, balance_after, reference, memo, created_at) VALUES (?, 'deposit', 5000, 0, 'deposit:DGHOST', 'x', '2026-11-27T10:00:00Z')",
                           [.text(account)])                                                                          // credit without a deposit
            _ = try db.run("INSERT INTO orders (account_id, service, country, operator, provider, provider_order_id, phone, price, state, created_at, expires_at) VALUES (?, 'tg', 'ID', 'any', 'simulated', 'X1', '+628', 100, 'pending', '2026-01-01T00:00:00Z', '2026-01-01T00:20:00Z')",
                           [.text(account)])                                                                          // never charged, stuck open
        }
        let findings = try reconcile(app)
        let stuck = try app.database.read { db in try db.one("SELECT max(id) FROM orders") { $0.text(0) } }
        #expect(findings.map(\.kind) == [.depositCredit, .orderCharge, .orderRefund, .orderStuck, .balance])
        #expect(findings.map(\.subject) == ["deposit:DGHOST", stuck, kept, stuck, account])
        #expect(findings.first { $0.kind == .orderRefund }?.detail == "expired, refunded flag 0, 1 refund row(s) Rp 12300")
        #expect(!findings.contains { $0.subject == expiring })
    }

    @Test func metricsCountRequestsPerRouteOnlyForLoopbackCallers() throws {
        let app = try TestApp()
        _ = app.get("/api/v1/health")
        _ = app.get("/api/v1/health")
        _ = app.get("/api/v1/orders/7")
        _ = app.get("/nowhere")
        #expect(app.send("GET", "/metrics", contentType: nil, remoteAddress: "10.1.2.3").status == 404)
        let response = app.send("GET", "/metrics", contentType: nil, remoteAddress: "127.0.0.1")
        #expect(response.status == 200)
        #expect(response.header("content-type") == "text/plain; version=0.0.4; charset=utf-8")
        let lines = Set(response.text.split(separator: "\n").map(String.init))
        for expected in [#"smscode_http_requests_total{route="GET /api/v1/health",status="200"} 2"#,
                         #"smscode_http_requests_total{route="GET /api/v1/orders/{id}",status="401"} 1"#,
                         #"smscode_http_requests_total{route="unmatched",status="404"} 1"#,
                         #"smscode_http_requests_total{route="GET /metrics",status="404"} 1"#,
                         #"smscode_http_request_duration_seconds_count{route="GET /api/v1/health"} 2"#,
                         #"smscode_http_request_duration_seconds_bucket{route="GET /api/v1/health",le="+Inf"} 2"#,
                         #"smscode_orders{state="pending"} 0"#, "smscode_settlements_due 0", #"smscode_build_info{version="9.9.9"} 1"#] {
            #expect(lines.contains(expected), "\(expected)")
        }
        // The writer's counters: setting up the app wrote (migrations, the catalog), one write per commit here.
        func counter(_ name: String) -> Int? { lines.first { $0.hasPrefix(name + " ") }.flatMap { Int($0.dropFirst(name.count + 1)) } }
        let commits = try #require(counter("smscode_db_commits_total"))
        #expect(commits > 0)
        #expect(counter("smscode_db_writes_total") == commits)
    }

    @Test func healthReportsTheSweepersLastRun() throws {
        let app = try TestApp()
        #expect(app.get("/api/v1/health").text == #"{"database":"ok","status":"ok","sweeper_last_run":null,"version":"9.9.9"}"#)
        app.app.environment.metrics.ran("sweeper", at: Date(timeIntervalSince1970: 1_795_780_800))
        #expect(app.get("/api/v1/health").text == #"{"database":"ok","status":"ok","sweeper_last_run":"2026-11-27T12:00:00Z","version":"9.9.9"}"#)
        app.app.environment.metrics.ran("sweeper", at: Date(timeIntervalSince1970: 1_795_780_801))
        #expect(app.get("/api/v1/health").text.contains(#""sweeper_last_run":"2026-11-27T12:00:01Z""#))
    }
}
