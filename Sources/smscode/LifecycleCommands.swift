import ArgumentParser
import Core
import Store
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `smscode purge`, `smscode account terminate`, `smscode terms announce`: the operator's lifecycle
/// tools (ToS §9, §10; issue 7).
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "purge",
        abstract: "Erase the personal data of accounts deleted 30 days ago or more (the server also does this daily).")
    @OptionGroup var options: CommonOptions

    func run() throws {
        let report = try LifecycleCommands.lifecycle(options).purge()
        print("purged \(report.accounts) account(s): \(report.mails) mail(s), \(report.smsTexts) SMS text(s), "
              + "\(report.cooldowns) expired cooldown(s); WAL truncated: \(report.scrubbed)")
    }
}

extension AccountCommand {
    struct Terminate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Terminate: every request and login refused (account_terminated), tokens revoked; history kept.")
        @OptionGroup var options: CommonOptions
        @Option var email: String
        @Option(help: "Why; kept with the account for the records (not mailed to the user).") var reason = "operator decision"
        @Flag(help: "Forfeit the balance (a policy violation) with a ledger row; run again to forfeit a later refund.") var forfeit = false

        func run() throws {
            guard !reason.isEmpty else { throw ValidationError("--reason must say why") }
            let result = try LifecycleCommands.lifecycle(options).terminate(email: email, reason: reason, forfeit: forfeit)
            print(AccountCommand.describe(result.account) + "  forfeited=\(result.forfeited)  reason=\(reason)")
        }
    }
}

struct TermsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "terms", abstract: "Terms of Service versions.",
                                                    subcommands: [Announce.self])

    struct Announce: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: """
            Mail every active user who accepted an older Terms version about the one in CONTENT_DIR/terms.md \
            (once per user and version). Publish first: update terms.md and restart serve; with SITE_OUTPUT set \
            this command rebuilds the site (the new Terms pages) before mailing.
            """)
        @OptionGroup var options: CommonOptions
        @Flag(help: "Mail even when the front matter says `material: false` (otherwise only the dashboard notice shows).")
        var force = false

        func run() throws {
            let config = try options.load()
            let version = try LiveEnvironment.termsVersion(config)
            // The mail links to the Terms page: publish it first (only what changed is rebuilt).
            let output = config["SITE_OUTPUT"]
            if !output.isEmpty {
                let database = try DataFolder.openDatabase(config)
                try Migrator().migrate(database, now: Clock.live.now())
                print("site: " + (try Site.build(config, database: database, source: config["SITE_SOURCE"], output: output)))
            }
            guard force || LifecycleCommands.isMaterial(config) else {
                print("terms \(version) are marked material: false; no mail sent (the dashboard notice shows); --force mails anyway")
                return
            }
            let queued = try LifecycleCommands.lifecycle(options).announceTerms(version: version)
            print("terms \(version): \(queued) mail(s) queued")
        }
    }
}

enum LifecycleCommands {
    static func lifecycle(_ options: CommonOptions) throws -> AccountLifecycle {
        guard let lifecycle = try LiveEnvironment.open(options).lifecycle else { throw ValidationErrorText("no lifecycle service") }
        return lifecycle
    }

    /// The `material` field of terms.md's front matter; a change is material unless it says `false`.
    static func isMaterial(_ config: Configuration) -> Bool {
        let text = (try? String(contentsOfFile: config.contentDirectory + "/terms.md", encoding: .utf8)) ?? ""
        return FrontMatter.parse(text).fields["material"] != "false"
    }
}
