import ArgumentParser
import Core
import Store

/// `smscode reconcile`: deposits against gateway callbacks, orders against the ledger, balances against
/// their ledger. Prints one line per finding; exits 1 when there is any (for cron and monitoring).
struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Compare deposits with callbacks and orders with the ledger; report anything odd.")
    /// How long past a deadline an order or deposit may still be waiting for its sweeper.
    static let grace: Double = 600

    @OptionGroup var options: CommonOptions

    func run() throws {
        let config = try options.load()
        let database = try DataFolder.openDatabase(config)
        try Migrator().migrate(database, now: Clock.live.now())
        let findings = try SQLiteReconciliation(database: database).reconcile(now: Clock.live.now(), grace: Self.grace)
        for finding in findings { print(finding) }
        guard findings.isEmpty else {
            print("reconcile: \(findings.count) finding(s)")
            throw ExitCode(1)
        }
        print("reconcile clean: deposits match their callbacks and credits, orders their charges and refunds")
    }
}
