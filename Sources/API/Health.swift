#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// `GET /api/v1/health`: liveness plus "can we read the database", for nginx checks and monitoring.
/// 503 when the database cannot be read, so a load balancer takes this host out. `sweeper_last_run` says
/// when the order sweeper last completed (null before its first run): a monitor alerts when it lags,
/// while the host keeps serving.
enum Health {
    static func handler(_ environment: AppEnvironment) -> Handler {
        // Rendered by hand and kept: this is the hottest, most-polled endpoint (stack.md Q1 "JSON cost").
        // Its body changes only when the sweeper's stamp does (once a second); each transport thread keeps
        // its own copy, so no request waits on another's lock.
        let version = JSONString.quoted(environment.version)
        let caches = (0..<64).map { _ in HealthBodies() }
        return { request in
            let sweeper = environment.metrics.sweeperLastRunSeconds
            let (ok, degraded) = caches[abs(request.worker) % caches.count].bodies(for: sweeper ?? 0) {
                let field = sweeper.map { "\"" + Timestamp.format(Date(timeIntervalSince1970: Double($0))) + "\"" } ?? "null"
                return (Array(#"{"database":"ok","status":"ok","sweeper_last_run":\#(field),"version":\#(version)}"#.utf8),
                        Array(#"{"database":"unreachable","status":"degraded","sweeper_last_run":\#(field),"version":\#(version)}"#.utf8))
            }
            return environment.database.isReachable()
                ? Response(status: 200, headers: [("Content-Type", "application/json")], body: ok)
                : Response(status: 503, headers: [("Content-Type", "application/json")], body: degraded)
        }
    }
}

/// The two health bodies for the latest sweeper stamp, per transport thread (its lock is uncontended).
private final class HealthBodies: @unchecked Sendable {
    private let lock = Lock()
    private var seconds: Int64 = -1
    private var bodies: ([UInt8], [UInt8]) = ([], [])

    func bodies(for current: Int64, render: () -> ([UInt8], [UInt8])) -> ([UInt8], [UInt8]) {
        lock.withLock {
            if seconds != current {
                bodies = render()
                seconds = current
            }
            return bodies
        }
    }
}

/// `GET /metrics`: Prometheus text for the operator's scraper, answered only to loopback callers (nginx
/// also allows it from 127.0.0.1 only); anyone else gets the same 404 as an unknown path.
enum MetricsEndpoint {
    static func handler(_ environment: AppEnvironment) -> Handler {
        { request in
            guard isLoopback(request.remoteAddress) else { throw HTTPError.notFound("No endpoint at \(request.path).") }
            let stats = try environment.operationalStats?()
            let text = environment.metrics.render(stats: stats, version: environment.version)
            return Response(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")], body: Array(text.utf8))
        }
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.")
    }
}
