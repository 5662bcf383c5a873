import ArgumentParser
import Core
import Store

/// `smscode pool add|stock`: the numbers of our own SIM bank (PROVIDERS lists `pool`). Their SMS arrive
/// through `POST /api/v1/inbound/sms`, signed with POOL_INBOUND_SECRET.
struct PoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pool", abstract: "The own number pool.", subcommands: [Add.self, Stock.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add numbers (E.164 with +) of one country to the pool.")
        @OptionGroup var options: CommonOptions
        @Option(help: "ISO country code of the numbers, e.g. ID.") var country: String
        @Option(help: "Operator code (default any).") var `operator` = "any"
        @Argument(help: "The numbers, e.g. +6281234567890.") var phones: [String]

        func run() throws {
            let config = try options.load()
            let database = try DataFolder.openDatabase(config)
            try Migrator().migrate(database, now: Clock.live.now())
            let iso = country.uppercased()
            guard try SQLiteRentalStore(database: database).read({ try $0.country(iso) }) != nil else { throw ValidationError("unknown country \(iso)") }
            if let bad = phones.first(where: { !OwnPool.isPhoneNumber($0) }) { throw ValidationError("not an E.164 number with +: \(bad)") }
            let added = try SQLitePoolStore(database: database).add(phones: phones, country: iso, operator: `operator`, at: Clock.live.now())
            print("added \(added) of \(phones.count) numbers to the \(iso) pool")
        }
    }

    struct Stock: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Numbers that can still be leased, per country and service.")
        @OptionGroup var options: CommonOptions

        func run() throws {
            let config = try options.load()
            let database = try DataFolder.openDatabase(config)
            try Migrator().migrate(database, now: Clock.live.now())
            for level in try SQLitePoolStore(database: database).stock() where level.count > 0 {
                print("\(level.country)\t\(level.service)\t\(level.count)")
            }
        }
    }
}
