import Core
import Logging
import Store
#if canImport(Glibc)
import Glibc
#endif

/// Jobs that run inside the serving process on one plain thread (DESIGN.md principle 3: no second
/// writer process): plan the simulated SMS of orders open before the start again, then deliver the mail
/// outbox, simulated SMS and order settlements every second, poll
/// upstream providers every three seconds, expire overdue deposits every ten, refresh provider stock
/// every minute, checkpoint the WAL every five minutes, reconcile a minute after start and then daily, purge
/// accounts deleted 30 days ago once a day (issue 7).
final class BackgroundJobs: @unchecked Sendable {
    private let outbox: Outbox
    private let transport: MailTransport
    private let database: Database
    private let logger: Logger
    private let clock: Clock
    private let money: MoneyService
    private let rentals: RentalService
    private let simulator: SimulatedProvider
    private let metrics: Metrics
    private let reconciliation: any ReconciliationStore
    /// Re-renders the static pricing pages after provider costs moved prices (nil: no published site here).
    var rebuildSite: (@Sendable () -> Void)?
    private let lifecycle: AccountLifecycle?
    /// Read with the injected clock: due at start, then every 24 hours.
    private var purgeSchedule = Schedule(interval: 86_400)
    private let stopped = StopFlag()

    init(database: Database, money: MoneyService, rentals: RentalService, simulator: SimulatedProvider, transport: MailTransport,
         metrics: Metrics, clock: Clock, logger: Logger, lifecycle: AccountLifecycle? = nil) {
        self.metrics = metrics
        self.reconciliation = SQLiteReconciliation(database: database)
        self.lifecycle = lifecycle
        self.money = money
        self.rentals = rentals
        self.simulator = simulator
        self.database = database
        self.outbox = Outbox(database: database)
        self.transport = transport
        self.clock = clock
        self.logger = logger
    }

    func start() {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        pthread_create(&thread, nil, { raw in
            let jobs = Unmanaged<BackgroundJobs>.fromOpaque(raw!).takeRetainedValue()
            jobs.loop()
            return nil
        }, box.toOpaque())
        pthread_detach(thread)
    }

    func stop() { stopped.set() }

    private func loop() {
        resumeSimulatedOrders()
        var ticks = 0
        while !stopped.isSet {
            deliverOutbox()
            deliverSimulatedSMS()
            if ticks % 3 == 0 { pollProviders() }
            settleOrders()
            if ticks % 60 == 0 { refreshStock() }
            ticks += 1
            if ticks % 10 == 0 { expireDeposits() }
            if ticks % 86_400 == 60 { reconcile() }
            if ticks % 300 == 0 { try? database.checkpoint() }
            if purgeSchedule.isDue(clock.now()) { purgeDeletedAccounts() }
            usleep(1_000_000)
        }
    }

    /// Open simulated orders from before this start get their SMS planned again (the schedule was in memory).
    private func resumeSimulatedOrders() {
        do {
            let planned = try rentals.resume(simulator)
            if planned > 0 { logger.info("simulated deliveries planned again after start", metadata: ["count": .string(String(planned))]) }
        } catch {
            logger.error("resuming simulated orders failed", metadata: ["error": .string("\(error)")])
        }
    }

    /// The simulated provider's SMS whose time has come, through the same path as any provider's.
    private func deliverSimulatedSMS() {
        for delivery in simulator.due() {
            do {
                try rentals.receive(provider: "simulated", providerOrderID: delivery.providerOrderID, sender: delivery.sender, text: delivery.text, at: clock.now())
            } catch {
                logger.error("simulated SMS delivery failed", metadata: ["error": .string("\(error)")])
            }
        }
    }

    /// Polled upstreams (SMS-Activate protocol) asked about their active orders every three seconds.
    private func pollProviders() {
        let result = rentals.pollProviders()
        metrics.ran("providers", at: clock.now())
        if result.messages + result.failed + result.errors > 0 {
            logger.info("providers polled", metadata: ["checked": .string(String(result.checked)), "messages": .string(String(result.messages)),
                                                       "failed": .string(String(result.failed)), "errors": .string(String(result.errors))])
        }
    }

    /// Stock levels from the providers that report them, once a minute (and at start), after freeing pool
    /// numbers a crash left leased to no open order.
    private func refreshStock() {
        do {
            // Only with an own pool: otherwise this would be a write (and an fsync) a minute for nothing.
            let freed = rentals.providers.contains { $0.name == "pool" }
                ? try SQLitePoolStore(database: database).releaseOrphans(leasedBefore: clock.now().addingTimeInterval(-60)) : 0
            if freed > 0 { logger.warning("pool numbers freed from orphaned leases", metadata: ["count": .string(String(freed))]) }
            let (_, changed) = try rentals.refreshStock()
            if changed > 0 {
                logger.notice("prices follow provider costs", metadata: ["changed": .string(String(changed))])
                rebuildSite?()
            }
        } catch {
            logger.warning("stock refresh failed", metadata: ["error": .string("\(error)")])
        }
    }

    /// The sweeper: expired orders refunded, received ones finished, each exactly once.
    private func settleOrders() {
        do {
            let settled = try rentals.sweep()
            metrics.ran("sweeper", at: clock.now())
            if settled > 0 { logger.info("orders settled", metadata: ["count": .string(String(settled))]) }
        } catch {
            logger.error("order sweep failed", metadata: ["error": .string("\(error)")])
        }
    }

    private func expireDeposits() {
        do {
            let expired = try money.expireDeposits()
            metrics.ran("deposits", at: clock.now())
            if expired > 0 { logger.info("deposits expired", metadata: ["count": .string(String(expired))]) }
        } catch {
            logger.error("deposit expiry failed", metadata: ["error": .string("\(error)")])
        }
    }

    /// The daily purge of accounts deleted 30 days ago (`smscode purge` does the same on demand).
    private func purgeDeletedAccounts() {
        guard let lifecycle else { return }
        do {
            let report = try lifecycle.purge()
            if !report.isEmpty {
                logger.notice("purged deleted accounts", metadata: ["accounts": .string(String(report.accounts)),
                                                                   "mails": .string(String(report.mails)),
                                                                   "sms_texts": .string(String(report.smsTexts)),
                                                                   "wal_truncated": .string(String(report.scrubbed))])
            }
        } catch {
            logger.error("purge failed", metadata: ["error": .string("\(error)")])
        }
    }

    /// Deposits against callbacks, orders against the ledger (`smscode reconcile` runs the same checks).
    private func reconcile() {
        do {
            let findings = try reconciliation.reconcile(now: clock.now(), grace: Reconcile.grace)
            metrics.reconciled(findings: findings.count, at: clock.now())
            for finding in findings.prefix(50) {
                logger.warning("reconciliation finding", metadata: ["kind": .string(finding.kind.rawValue), "subject": .string(finding.subject),
                                                                     "detail": .string(finding.detail)])
            }
            logger.notice("reconciled", metadata: ["findings": .string(String(findings.count))])
        } catch {
            logger.error("reconciliation failed", metadata: ["error": .string("\(error)")])
        }
    }

    /// Delivers what is pending; a failed mail stays pending and is retried on the next tick.
    func deliverOutbox() {
        do {
            for pending in try outbox.pending() {
                do {
                    try transport.deliver(pending)
                    try outbox.markDelivered(pending.id, at: clock.now())
                    logger.info("mail delivered", metadata: ["outbox_id": .string(String(pending.id))])
                } catch {
                    logger.error("mail delivery failed", metadata: ["outbox_id": .string(String(pending.id)), "error": .string("\(error)")])
                    break
                }
            }
        } catch {
            logger.error("outbox read failed", metadata: ["error": .string("\(error)")])
        }
    }
}

final class StopFlag: @unchecked Sendable {
    private let lock = Lock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
