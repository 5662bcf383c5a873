import Core
import HTTP

/// `GET /api/v1/health`: liveness plus "can we read the database", for nginx checks and monitoring.
/// 503 when the database cannot be read, so a load balancer takes this host out. `sweeper_last_run` says
/// when the order sweeper last completed (null before its first run): a monitor alerts when it lags,
/// while the host keeps serving.
enum Health {
    static func handler(_ environment: AppEnvironment) -> Handler {
        // Rendered by hand and kept: this is the hottest, most-polled endpoint (stack.md Q1 "JSON cost"),
        // and its body changes only when the sweeper's stamp does (once a second).
        let version = JSONString.quoted(environment.version)
        let cache = HealthBodies()
        return { _ in
            let sweeper = environment.metrics.sweeperLastRun
            let (ok, degraded) = cache.bodies(for: sweeper) { stamp in
                let field = stamp.map { "\"" + $0 + "\"" } ?? "null"
                return (Array(#"{"database":"ok","status":"ok","sweeper_last_run":\#(field),"version":\#(version)}"#.utf8),
                        Array(#"{"database":"unreachable","status":"degraded","sweeper_last_run":\#(field),"version":\#(version)}"#.utf8))
            }
            return environment.database.isReachable()
                ? Response(status: 200, headers: [("Content-Type", "application/json")], body: ok)
                : Response(status: 503, headers: [("Content-Type", "application/json")], body: degraded)
        }
    }
}

/// The two health bodies for the latest sweeper stamp.
private final class HealthBodies: @unchecked Sendable {
    private let lock = Lock()
    private var stamp: String??
    private var bodies: ([UInt8], [UInt8]) = ([], [])

    func bodies(for current: String?, render: (String?) -> ([UInt8], [UInt8])) -> ([UInt8], [UInt8]) {
        if let cached = lock.withLock({ stamp == .some(current) ? bodies : nil }) { return cached }
        let fresh = render(current)
        lock.withLock {
            stamp = .some(current)
            bodies = fresh
        }
        return fresh
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
