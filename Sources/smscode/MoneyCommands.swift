import ArgumentParser
import Core
import Store

/// `smscode ledger adjust`, `smscode audit`, `smscode deposits list`: the operator's money tools.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "The ledger.", subcommands: [Adjust.self])

    struct Adjust: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Book an adjustment (a signed amount in whole rupiah) with a reason.")
        @OptionGroup var options: CommonOptions
        @Option var email: String
        @Option(parsing: .unconditional, help: "Whole rupiah; negative to debit (e.g. --amount -5000).") var amount: Int64
        @Option var reason: String

        func run() throws {
            guard !reason.isEmpty else { throw ValidationError("--reason must say why") }
            let env = try LiveEnvironment.open(options)
            let account = try env.accounts.account(email: email)
            let entry = try env.money.adjust(accountID: account.id, amount: amount, reason: reason)
            print("booked \(entry.reference): \(entry.amount) → balance \(entry.balanceAfter)")
        }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit",
        abstract: "Recompute every balance from the ledger; exits non-zero on any difference.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        let env = try LiveEnvironment.open(options)
        let findings = try env.money.audit()
        for finding in findings {
            print("MISMATCH account \(finding.accountID): cached \(finding.cachedBalance), ledger sum \(finding.ledgerSum)")
        }
        guard findings.isEmpty else { throw ExitCode(1) }
        print("audit clean: every balance equals the sum of its ledger")
    }
}

struct DepositsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deposits", abstract: "Deposits.", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deposits, newest first.")
        @OptionGroup var options: CommonOptions
        @Option(help: "pending, paid, expired or failed.") var state: String?
        @Option var limit = 100

        func run() throws {
            let env = try LiveEnvironment.open(options)
            var filter: DepositState?
            if let state {
                guard let parsed = DepositState(rawValue: state) else { throw ValidationError("unknown state \(state)") }
                filter = parsed
            }
            for deposit in try env.money.deposits(accountID: nil, state: filter, before: nil, limit: limit) {
                print("\(deposit.id)  \(deposit.state.rawValue)  \(deposit.gateway.rawValue)  Rp \(deposit.amount)  account=\(deposit.accountID)"
                      + "  created=\(Timestamp.format(deposit.createdAt))  expires=\(Timestamp.format(deposit.expiresAt))")
            }
        }
    }
}
