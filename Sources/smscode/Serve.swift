import API
import ArgumentParser
import Core
import FastCGI
import HTTP
import Logging
import Store

/// `smscode serve`: migrates, then serves FastCGI until SIGTERM/SIGINT, draining in-flight requests.
/// Under systemd socket activation (LISTEN_PID/LISTEN_FDS, deploy/smscode.socket) it serves the
/// inherited socket on fd 3 and ignores LISTEN.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the API over FastCGI (behind nginx).")

    @OptionGroup var options: CommonOptions

    func run() throws {
        let config = try options.load()
        LogSetup.bootstrap(level: config.logLevel)
        let logger = Logger(label: "smscode")
        let inherited = try SocketActivation.inheritedListener()

        let database = try DataFolder.openDatabase(config, workerConnections: config.fcgiThreads)
        let applied = try Migrator().migrate(database, now: Clock.live.now())
        if !applied.isEmpty { logger.notice("migrated", metadata: ["versions": .string(applied.map(String.init).joined(separator: ","))]) }
        if inherited == nil, config.listenAddress.hasPrefix("/") {
            try FileSystem.makeDirectory(String(config.listenAddress.prefix(upTo: config.listenAddress.lastIndex(of: "/") ?? config.listenAddress.startIndex)))
        }

        let (environment, simulator) = try LiveEnvironment.live(config, database: database)
        let application = buildApplication(environment: environment, logger: logger)
        let transport = config.mailTransport == "sendmail" ? MailTransport.sendmail() : .files(directory: config.dataDirectory + "/mail")
        let jobs = BackgroundJobs(database: database, money: environment.money, rentals: environment.rentals, simulator: simulator,
                                  transport: transport, metrics: environment.metrics, clock: .live, logger: logger,
                                  lifecycle: environment.lifecycle)
        if !config["SITE_OUTPUT"].isEmpty {
            jobs.rebuildSite = {
                do {
                    let report = try Site.build(config, database: database, source: config["SITE_SOURCE"], output: config["SITE_OUTPUT"])
                    logger.notice("site rebuilt", metadata: ["report": .string(report)])
                } catch {
                    logger.error("site rebuild failed", metadata: ["error": .string("\(error)")])
                }
            }
        }
        jobs.start()
        let server = FastCGIServer(
            configuration: .init(listen: config.listenAddress, threads: config.fcgiThreads,
                                 maxBodyBytes: config.maxBodyBytes, drainSeconds: config.drainSeconds,
                                 inheritedSocket: inherited),
            log: { logger.notice("\($0)") },
            responder: { raw in
                WorkerSlot.assign(raw.worker) // this thread reads through its own connection from now on
                defer { database.releaseKeptSnapshot() } // no request leaves a read transaction open
                return application.handle(raw)
            }
        )
        try server.run()
        jobs.stop()
        try? database.checkpoint()
    }
}
