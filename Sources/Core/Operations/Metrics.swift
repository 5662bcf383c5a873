#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// What the serving process counts in memory for `GET /metrics` (issue 9): requests and latencies per
/// route, provider errors, and when the background jobs last ran. Figures that live in the database
/// (orders by state, refunds, deposits, settlements due) are read at scrape time instead
/// (`OperationalStats`), so they survive restarts and agree with the data.
public final class Metrics: @unchecked Sendable {
    /// Latency histogram bounds in seconds.
    public static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    struct Series {
        var counts = [UInt64](repeating: 0, count: Metrics.buckets.count)
        var total: UInt64 = 0
        var sum: Double = 0

        mutating func record(bucket: Int?, seconds: Double) {
            if let bucket { counts[bucket] += 1 }
            total += 1
            sum += seconds
        }
    }

    /// Request figures, one shard per transport thread (`recordRequest(shard:)`), merged when scraped:
    /// one global lock here was contended by every request of every thread.
    final class Shard: @unchecked Sendable {
        let lock = Lock()
        var requests: [String: [Int: UInt64]] = [:]
        var latencies: [String: Series] = [:]
    }

    private let shards = (0..<64).map { _ in Shard() }
    private let lock = Lock()
    private var counters: [String: UInt64] = [:]
    private var lastRuns: [String: Date] = [:]
    /// The sweeper's last run in Unix seconds (0: not yet), read by health on every request without a lock.
    private let sweeperSeconds = Atomic<Int64>(0)
    private var findings: Int?

    public init() {}

    /// One answered request; `route` is the matched pattern (`GET /api/v1/orders/{id}`), never the raw
    /// path, so the series stay few.
    public func recordRequest(route: String, status: Int, seconds: Double, shard: Int = 0) {
        let bucket = Metrics.buckets.firstIndex { seconds <= $0 }
        let shard = shards[abs(shard) % shards.count]
        shard.lock.withLock {
            // Mutated in place (`default:` subscripts): no copy of the series per request.
            shard.requests[route, default: [:]][status, default: 0] += 1
            shard.latencies[route, default: Series()].record(bucket: bucket, seconds: seconds)
        }
    }

    /// A named counter with its labels already rendered, e.g. `smscode_provider_errors_total{provider="upstream"}`.
    public func increment(_ name: String, by amount: UInt64 = 1) {
        guard amount > 0 else { return }
        lock.withLock { counters[name, default: 0] += amount }
    }

    /// A background job finished a run (`sweeper`, `deposits`, `providers`, `reconcile`).
    public func ran(_ job: String, at date: Date) {
        if job == "sweeper" { sweeperSeconds.store(max(1, Int64(date.timeIntervalSince1970)), ordering: .relaxed) }
        lock.withLock { lastRuns[job] = date }
    }

    /// The sweeper's last run in whole Unix seconds (nil before its first run); lock-free.
    public var sweeperLastRunSeconds: Int64? {
        let seconds = sweeperSeconds.load(ordering: .relaxed)
        return seconds == 0 ? nil : seconds
    }

    /// How many findings the last reconciliation reported.
    public func reconciled(findings count: Int, at date: Date) {
        lock.withLock {
            findings = count
            lastRuns["reconcile"] = date
        }
    }

    public func lastRun(_ job: String) -> Date? {
        lock.withLock { lastRuns[job] }
    }

    /// The Prometheus text exposition (version 0.0.4) of everything in memory plus `stats`.
    public func render(stats: OperationalStats?, version: String) -> String {
        let (counters, lastRuns, findings) = lock.withLock { (self.counters, self.lastRuns, self.findings) }
        var requests: [String: [Int: UInt64]] = [:]
        var latencies: [String: Series] = [:]
        for shard in shards {
            shard.lock.withLock {
                for (route, statuses) in shard.requests {
                    for (status, count) in statuses { requests[route, default: [:]][status, default: 0] += count }
                }
                for (route, series) in shard.latencies {
                    var merged = latencies[route] ?? Series()
                    for index in merged.counts.indices { merged.counts[index] += series.counts[index] }
                    merged.total += series.total
                    merged.sum += series.sum
                    latencies[route] = merged
                }
            }
        }
        var out = "# HELP smscode_build_info The running build.\n# TYPE smscode_build_info gauge\n"
        out += "smscode_build_info{version=\(Self.quote(version))} 1\n"
        out += "# HELP smscode_http_requests_total Requests answered, by route and status.\n# TYPE smscode_http_requests_total counter\n"
        for route in requests.keys.sorted() {
            for (status, count) in requests[route]!.sorted(by: { $0.key < $1.key }) {
                out += "smscode_http_requests_total{route=\(Self.quote(route)),status=\"\(status)\"} \(count)\n"
            }
        }
        out += "# HELP smscode_http_request_duration_seconds Time to answer, by route.\n# TYPE smscode_http_request_duration_seconds histogram\n"
        for route in latencies.keys.sorted() {
            let series = latencies[route]!
            var cumulative: UInt64 = 0
            for (index, bound) in Metrics.buckets.enumerated() {
                cumulative += series.counts[index]
                out += "smscode_http_request_duration_seconds_bucket{route=\(Self.quote(route)),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "smscode_http_request_duration_seconds_bucket{route=\(Self.quote(route)),le=\"+Inf\"} \(series.total)\n"
            out += "smscode_http_request_duration_seconds_sum{route=\(Self.quote(route))} \(series.sum)\n"
            out += "smscode_http_request_duration_seconds_count{route=\(Self.quote(route))} \(series.total)\n"
        }
        out += "# HELP smscode_provider_errors_total Provider calls that failed (timeouts, garbage answers).\n# TYPE smscode_provider_errors_total counter\n"
        for (name, value) in counters.sorted(by: { $0.key < $1.key }) { out += "\(name) \(value)\n" }
        out += "# HELP smscode_job_last_run_timestamp_seconds When each background job last completed.\n# TYPE smscode_job_last_run_timestamp_seconds gauge\n"
        for (job, date) in lastRuns.sorted(by: { $0.key < $1.key }) {
            out += "smscode_job_last_run_timestamp_seconds{job=\(Self.quote(job))} \(Int64(date.timeIntervalSince1970))\n"
        }
        if let findings {
            out += "# HELP smscode_reconciliation_findings Findings of the last reconciliation (0 is good).\n"
            out += "# TYPE smscode_reconciliation_findings gauge\nsmscode_reconciliation_findings \(findings)\n"
        }
        if let stats { out += stats.rendered }
        return out
    }

    /// A label value, quoted and escaped as the exposition format requires.
    static func quote(_ value: String) -> String {
        var out = "\""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}

/// Figures read from the database at scrape time.
public struct OperationalStats: Sendable, Equatable {
    public var ordersByState: [String: Int64]
    public var depositsByState: [String: Int64]
    public var refunds: Int64
    public var refundedRupiah: Int64
    /// Open orders whose window has ended but are not settled yet (the sweeper's queue).
    public var settlementsDue: Int64
    /// This process's write transactions committed, and the writes they held (group commit: writes per
    /// commit is how many purchases, payments and settlements each fsync served).
    public var databaseCommits: Int
    public var databaseWrites: Int

    public init(ordersByState: [String: Int64], depositsByState: [String: Int64], refunds: Int64, refundedRupiah: Int64, settlementsDue: Int64,
                databaseCommits: Int = 0, databaseWrites: Int = 0) {
        self.databaseCommits = databaseCommits
        self.databaseWrites = databaseWrites
        self.ordersByState = ordersByState
        self.depositsByState = depositsByState
        self.refunds = refunds
        self.refundedRupiah = refundedRupiah
        self.settlementsDue = settlementsDue
    }

    var rendered: String {
        var out = "# HELP smscode_orders Orders by state.\n# TYPE smscode_orders gauge\n"
        for state in OrderState.allCases { out += "smscode_orders{state=\"\(state.rawValue)\"} \(ordersByState[state.rawValue] ?? 0)\n" }
        out += "# HELP smscode_deposits Deposits by state.\n# TYPE smscode_deposits gauge\n"
        for state in ["pending", "paid", "expired", "failed"] { out += "smscode_deposits{state=\"\(state)\"} \(depositsByState[state] ?? 0)\n" }
        out += "# HELP smscode_refunds_total Orders refunded.\n# TYPE smscode_refunds_total counter\nsmscode_refunds_total \(refunds)\n"
        out += "# HELP smscode_refunded_rupiah_total Rupiah refunded.\n# TYPE smscode_refunded_rupiah_total counter\nsmscode_refunded_rupiah_total \(refundedRupiah)\n"
        out += "# HELP smscode_settlements_due Open orders past their window, waiting for the sweeper.\n# TYPE smscode_settlements_due gauge\n"
        out += "smscode_settlements_due \(settlementsDue)\n"
        out += "# HELP smscode_db_commits_total Write transactions this process committed.\n# TYPE smscode_db_commits_total counter\n"
        out += "smscode_db_commits_total \(databaseCommits)\n"
        out += "# HELP smscode_db_writes_total Writes those transactions held (several share one commit when they queue).\n"
        out += "# TYPE smscode_db_writes_total counter\nsmscode_db_writes_total \(databaseWrites)\n"
        return out
    }
}
