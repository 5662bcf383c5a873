import ArgumentParser
import Core

/// The `smscode` command: a thin entry point that reads configuration and hands over to the modules.
@main
struct SMSCode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smscode",
        abstract: "SMSCode: temporary virtual numbers for OTP SMS.",
        version: SMSCodeVersion.current,
        subcommands: [Serve.self, Migrate.self, Site.self, Config.self, AccountCommand.self, TokenCommand.self, PoolCommand.self, Reconcile.self,
                      LedgerCommand.self, AuditCommand.self, DepositsCommand.self, CatalogCommand.self,
                      BackupCommand.self, RestoreCommand.self, SimCommand.self,
                      PurgeCommand.self, TermsCommand.self]
    )
}

/// Options every command shares: where the data lives and which configuration file to read.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data folder (default: $SMSCODE_DATA_DIR, then the configuration, then var).")
    var dataDirectory: String?

    @Option(name: .customLong("config"), help: "Configuration file (default: $SMSCODE_CONFIG, then DATA_DIR/smscode.conf if present).")
    var configFile: String?

    /// Loads the configuration; `--data-dir` wins over everything.
    func load() throws -> Configuration {
        try ConfigurationLoader.load(dataDirectory: dataDirectory, configFile: configFile)
    }
}
