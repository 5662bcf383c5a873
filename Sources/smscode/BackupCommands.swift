import ArgumentParser
import Store

/// `smscode backup FILE` (while serving) and `smscode restore FILE` (with the server stopped).
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup",
        abstract: "Write a consistent copy of the live database to FILE (SQLite online backup; safe while serving).")
    @OptionGroup var options: CommonOptions
    @Argument var file: String

    func run() throws {
        let config = try options.load()
        let pages = try Backup.create(from: config.dataDirectory + "/smscode.sqlite", to: file)
        print("backed up \(pages) pages to \(file); integrity_check ok")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore",
        abstract: "Replace the database with the backup in FILE (stop `smscode serve` first), then run `smscode audit`.")
    @OptionGroup var options: CommonOptions
    @Argument var file: String

    func run() throws {
        let config = try options.load()
        try FileSystem.makeDirectory(config.dataDirectory)
        let pages = try Backup.restore(from: file, to: config.dataDirectory + "/smscode.sqlite")
        print("restored \(pages) pages from \(file); integrity_check ok")
    }
}
