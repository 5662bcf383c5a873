import ArgumentParser
import Core
import Store

/// `smscode account …`: the operator's controls over accounts (R2, R3, R6).
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Create, inspect and control accounts.",
        subcommands: [Create.self, List.self, Show.self, Suspend.self, Reinstate.self, Approve.self, API.self, BlockDomain.self,
                      Terminate.self])

    /// Opens the database (migrated) and the live account service.
    static func service(_ options: CommonOptions) throws -> AccountService {
        try LiveEnvironment.open(options).accounts
    }

    static func describe(_ account: Account) -> String {
        "\(account.id)  \(account.email)  state=\(account.state.rawValue)  verified=\(account.isEmailVerified)"
            + "  api=\(account.apiAccess ? "on" : "revoked")  extra_approved=\(account.extraAccountApproved)  balance=\(account.balance)"
            + "  terms=\(account.termsVersion)  created=\(Timestamp.format(account.createdAt))"
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account (for demos, tests and support).")
        @OptionGroup var options: CommonOptions
        @Option var email: String
        @Option var password: String
        @Flag(help: "Mark the email as verified, so the account can deposit and buy at once.") var verified = false
        @Flag(help: "If the account exists, set this password (and verification) instead of failing.") var updateExisting = false

        func run() throws {
            let service = try AccountCommand.service(options)
            do {
                print(AccountCommand.describe(try service.createAccount(email: email, password: password, verified: verified)))
            } catch AccountError.alreadyExists where updateExisting {
                let hash = try service.hasher.hash(password)
                let now = service.clock.now()
                print(AccountCommand.describe(try service.updateAccount(email: email) { account, _ in
                    account.passwordHash = hash
                    if verified && account.emailVerifiedAt == nil {
                        account.emailVerifiedAt = now
                        if account.state == .unverified { account.state = .active }
                    }
                }))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts, oldest first.")
        @OptionGroup var options: CommonOptions
        @Option var limit = 200
        func run() throws {
            for account in try AccountCommand.service(options).accounts(limit: limit) { print(AccountCommand.describe(account)) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one account.")
        @OptionGroup var options: CommonOptions
        @Option var email: String
        func run() throws {
            print(AccountCommand.describe(try AccountCommand.service(options).account(email: email)))
        }
    }

    struct Suspend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend: sessions end and every token is refused at once.")
        @OptionGroup var options: CommonOptions
        @Option var email: String
        @Option(help: "Why; printed with the result for the operator's records.") var reason = ""
        func run() throws {
            print(AccountCommand.describe(try AccountCommand.service(options).suspend(email: email)) + (reason.isEmpty ? "" : "  reason=\(reason)"))
        }
    }

    struct Reinstate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a suspension.")
        @OptionGroup var options: CommonOptions
        @Option var email: String
        func run() throws {
            print(AccountCommand.describe(try AccountCommand.service(options).reinstate(email: email)))
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve this account as a person's extra account (ToS §2).")
        @OptionGroup var options: CommonOptions
        @Option var email: String
        func run() throws {
            print(AccountCommand.describe(try AccountCommand.service(options).approveExtraAccount(email: email)))
        }
    }

    struct API: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke or restore a user's API access (all tokens revoked on --disable).")
        @OptionGroup var options: CommonOptions
        @Option var email: String
        @Flag(exclusivity: .exclusive) var access: Access

        enum Access: EnumerableFlag { case enable, disable }

        func run() throws {
            print(AccountCommand.describe(try AccountCommand.service(options).setAPIAccess(email: email, enabled: access == .enable)))
        }
    }

    struct BlockDomain: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "block-domain", abstract: "Refuse registrations from an email domain.")
        @OptionGroup var options: CommonOptions
        @Option var domain: String
        @Option var reason = "operator decision"
        func run() throws {
            try AccountCommand.service(options).blockDomain(domain, reason: reason)
            print("blocked \(domain.lowercased())")
        }
    }
}

/// `smscode token create --email E --name N`: prints a new API token (shown only this once).
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API tokens.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for an account and print it.")
        @OptionGroup var options: CommonOptions
        @Option var email: String
        @Option var name: String
        func run() throws {
            let service = try AccountCommand.service(options)
            print(try service.createToken(for: try service.account(email: email), name: name).secret)
        }
    }
}
