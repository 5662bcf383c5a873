@testable import API
import Core
import Crypto
import Foundation
import HTTP
import Logging
import Store

/// The whole application in-process against a temporary, migrated SQLite file.
final class TestApp: @unchecked Sendable {
    let folder: String
    let database: Database
    let clock = ManualClock()
    let app: Application
    let accounts: AccountService
    let money: MoneyService
    let rentals: RentalService
    let simulator: SimulatedProvider
    let gateway = TestGateway()
    let throttle = LoginThrottle()
    let rateLimiter = RateLimiter()

    /// `providers` gets the database, the clock and the simulated provider and returns the providers in
    /// the order they are tried (default: the simulator alone); `inboundSecret` enables the own pool's
    /// inbound SMS endpoint; `configure` adjusts other settings (e.g. the upstream webhook secret).
    init(databaseReachable: Bool? = nil, hasherCost: Sodium.Cost = .init(passes: 1, memoryBytes: 8 * 1024 * 1024),
         providers: ((Database, Clock, NumberProvider) -> [NumberProvider])? = nil, inboundSecret: String? = nil,
         configure: (inout AppEnvironment) -> Void = { _ in }) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("smscode-api-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        database = try Database(path: folder + "/test.sqlite", readConnections: 2)
        try Migrator().migrate(database, now: clock.date)
        let probe = databaseReachable.map { value in DatabaseProbe { value } } ?? .live(database)
        var settings = AccountSettings()
        settings.currentTermsVersion = "2026-04-10"
        settings.baseURL = "https://smscode.test"
        accounts = try AccountService(
            store: SQLiteAccountStore(database: database),
            hasher: Sodium.passwordHasher(cost: hasherCost), // cheap by default; production cost where timing matters
            digest: Sodium.digest, clock: clock.clock, random: .seeded(7),
            policy: PasswordPolicy(commonPasswords: ["password123", "qwertyuiop"]), settings: settings, throttle: throttle)
        var moneySettings = MoneySettings()
        moneySettings.baseURL = "https://smscode.test"
        money = MoneyService(store: SQLiteMoneyStore(database: database), gateways: [.sandbox: gateway.client], clock: clock.clock,
                             random: .seeded(11), settings: moneySettings,
                             sandboxSigner: { order, amount, outcome in (TestGateway.callback(order: order, amount: amount, status: outcome.rawValue), "text/plain") })
        simulator = SimulatedProvider(clock: clock.clock, random: .seeded(13), noSMSRate: 0, delay: 30...30)
        rentals = RentalService(store: SQLiteRentalStore(database: database),
                                providers: providers?(database, clock.clock, simulator.provider) ?? [simulator.provider], clock: clock.clock,
                                policy: OrderPolicy(), maxActiveOrders: 3)
        let manualClock = clock
        var environment = AppEnvironment(clock: clock.clock, random: .seeded(7), database: probe, accounts: accounts, money: money,
                                         catalog: SQLiteCatalogStore(database: database), rentals: rentals,
                                         pause: { manualClock.advance(by: $0) }, rateLimiter: rateLimiter, version: "9.9.9",
                                         lifecycle: AccountLifecycle(store: SQLiteLifecycleStore(database: database), accounts: accounts))
        let statsDatabase = database, statsClock = clock
        environment.operationalStats = { try SQLiteStats.collect(statsDatabase, now: statsClock.date) }
        if let inboundSecret {
            environment.inboundSMS = InboundSMS(secret: inboundSecret, pool: SQLitePoolStore(database: database), digest: Sodium.digest, clock: clock.clock)
        }
        configure(&environment)
        app = buildApplication(environment: environment, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func get(_ target: String, upstreamRequestID: String? = nil) -> Response {
        app.handle(RawRequest(method: "GET", target: target, upstreamRequestID: upstreamRequestID))
    }

    func send(_ method: String, _ target: String, body: String = "", contentType: String? = "application/json",
              headers extra: [String: String] = [:], remoteAddress: String = "127.0.0.1") -> Response {
        var headers = Headers(extra)
        headers["content-type"] = contentType
        return app.handle(RawRequest(method: method, target: target, headers: headers, body: Array(body.utf8), remoteAddress: remoteAddress))
    }

    /// The mails waiting in the outbox, oldest first.
    func outbox() throws -> [Mail] {
        try Outbox(database: database).pending(limit: 1000).map(\.mail)
    }
}

extension Response {
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The whole response as text, for snapshot-style comparisons.
    var dump: String {
        (["\(status)"] + headers.map { "\($0.name): \($0.value)" } + ["", text]).joined(separator: "\n")
    }
}
