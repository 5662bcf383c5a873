import ArgumentParser
import Core
import Store

/// `smscode migrate`: applies pending schema migrations (also done at `serve` start).
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var options: CommonOptions

    func run() throws {
        let config = try options.load()
        let database = try DataFolder.openDatabase(config)
        let applied = try Migrator().migrate(database, now: Clock.live.now())
        let version = try Migrator().currentVersion(database)
        print(applied.isEmpty ? "database is current at version \(version)" : "applied \(applied.map(String.init).joined(separator: ", ")); now at version \(version)")
    }
}

/// The data folder's layout, created on first use.
enum DataFolder {
    /// `workerConnections`: read connections reserved one per FastCGI thread (`serve` only).
    static func openDatabase(_ config: Configuration, workerConnections: Int = 0) throws -> Database {
        try FileSystem.makeDirectory(config.dataDirectory)
        return try Database(path: config.dataDirectory + "/smscode.sqlite", readConnections: config.readConnections,
                            workerConnections: workerConnections)
    }
}
