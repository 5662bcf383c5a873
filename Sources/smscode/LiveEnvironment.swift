import API
import Core
import Crypto
import Payments
import Providers
import Store
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Wires the live implementations of every port from the configuration: the one place that knows
/// which database, hasher and content files production uses.
enum LiveEnvironment {
    static func accounts(_ config: Configuration, database: Database, clock: Clock = .live, random: RandomSource = .live) throws -> AccountService {
        var settings = AccountSettings()
        settings.baseURL = config.baseURL
        settings.sessionIdleSeconds = Double(config.sessionIdleSeconds)
        settings.sessionMaxSeconds = Double(config.sessionMaxSeconds)
        settings.currentTermsVersion = try termsVersion(config)
        let commonPasswords = try String(contentsOfFile: config.contentDirectory + "/data/common-passwords.txt", encoding: .utf8)
        return try AccountService(store: SQLiteAccountStore(database: database), hasher: Sodium.passwordHasher(), digest: Sodium.digest,
                                  clock: clock, random: random, policy: PasswordPolicy(commonPasswords: PasswordPolicy.parseList(commonPasswords)),
                                  settings: settings)
    }

    static func moneySettings(_ config: Configuration) -> MoneySettings {
        var settings = MoneySettings()
        settings.maximumDeposit = config.depositMaximum
        settings.depositLifetimeSeconds = config.depositLifetime
        settings.confirmCallbacks = config.paymentConfirm
        settings.baseURL = config.baseURL
        return settings
    }

    static func money(_ config: Configuration, database: Database) throws -> MoneyService {
        let store = SQLiteMoneyStore(database: database)
        let (gateways, bank) = try LiveGateways.clients(config, store: store)
        var signer: (@Sendable (String, Int64, PaymentOutcome) -> ([UInt8], String))?
        if let bank { signer = { bank.sign(orderID: $0, amount: $1, outcome: $2) } }
        let allowlists: [PaymentGateway: Set<String>] = [.duitku: config.addresses("DUITKU_ALLOWED_IPS"),
                                                          .heleket: config.addresses("HELEKET_ALLOWED_IPS")]
        return MoneyService(store: store, gateways: gateways, clock: .live, random: .live, settings: moneySettings(config),
                            allowedCallbackAddresses: allowlists, sandboxSigner: signer)
    }

    /// The current Terms of Service version, from `CONTENT_DIR/terms.md`'s front matter.
    static func termsVersion(_ config: Configuration) throws -> String {
        let path = config.contentDirectory + "/terms.md"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationErrorText("cannot read \(path); set SMSCODE_CONTENT_DIR to the Content folder")
        }
        guard let version = FrontMatter.parse(text).fields["version"], !version.isEmpty else {
            throw ValidationErrorText("\(path) has no 'version' in its front matter")
        }
        return version
    }

    static func environment(_ config: Configuration, database: Database) throws -> AppEnvironment {
        try live(config, database: database).environment
    }

    /// The environment plus the simulated provider, whose deliveries the background job performs.
    static func live(_ config: Configuration, database: Database) throws -> (environment: AppEnvironment, simulator: SimulatedProvider) {
        let simulator = SimulatedProvider(clock: .live, random: .live, noSMSRate: config.simNoSMSRate, delay: config.simSMSDelay,
                                          windows: config.windows("SIM"))
        let catalog = SQLiteCatalogStore(database: database)
        let pool = SQLitePoolStore(database: database)
        let providers = config.providers.map { name -> NumberProvider in
            switch name {
            case "pool":
                return OwnPool(store: pool, clock: .live, random: .live, windows: config.windows("POOL")).provider
            case "upstream":
                let upstream = SMSActivateUpstream.Config(endpoint: config["UPSTREAM_URL"], apiKey: config["UPSTREAM_API_KEY"],
                                                          rupiahPerUnit: config.upstreamRate, windows: config.windows("UPSTREAM"))
                return SMSActivateUpstream(config: upstream, http: .urlSession(timeout: TimeInterval(config.upstreamTimeout)), countryForID: { id in
                    (try? catalog.countries())?.first { $0.smsActivateID == id }?.iso
                }).provider
            default:
                return simulator.provider
            }
        }
        let metrics = Metrics()
        var rentals = RentalService(store: SQLiteRentalStore(database: database), providers: providers, clock: .live,
                                    policy: OrderPolicy(rentalWindow: Double(config.rentalWindow), cancelHold: Double(config.cancelHold)),
                                    maxActiveOrders: config.maxActiveOrders)
        rentals.onProviderError = { name in metrics.increment("smscode_provider_errors_total{provider=\"\(name)\"}") }
        var environment = AppEnvironment(clock: .live, random: .live, database: DatabaseProbe.live(database).cached(maxAge: 1, clock: .live),
                                         accounts: try accounts(config, database: database), money: try money(config, database: database),
                                         catalog: catalog, rentals: rentals,
                                         pause: { seconds in
                                             RunTurns.giveBack() // a long poll sleeping lets another request run
                                             usleep(UInt32(seconds * 1_000_000))
                                         })
        environment.lifecycle = AccountLifecycle(store: SQLiteLifecycleStore(database: database), accounts: environment.accounts)
        environment.longPollSlots = max(1, config.fcgiThreads / 2)
        environment.callerRate = Double(config.callerRate)
        environment.metrics = metrics
        environment.operationalStats = { try SQLiteStats.collect(database, now: Clock.live.now()) }
        if config.providers.contains("pool") {
            environment.inboundSMS = InboundSMS(secret: config["POOL_INBOUND_SECRET"], pool: pool, digest: Sodium.digest, clock: .live)
        }
        environment.upstreamWebhookSecret = config.upstreamWebhookSecret
        return (environment, simulator)
    }

    /// Loads the configuration, opens and migrates the database, and wires the live environment:
    /// what every operator command needs.
    static func open(_ options: CommonOptions) throws -> AppEnvironment {
        let config = try options.load()
        let database = try DataFolder.openDatabase(config)
        try Migrator().migrate(database, now: Clock.live.now())
        return try environment(config, database: database)
    }
}
