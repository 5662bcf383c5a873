import ArgumentParser
import Core
import Store
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `smscode catalog import [DIR]`: loads countries, services, operators and prices from CSV files
/// (default `CONTENT_DIR/catalog`). All or nothing: a bad line aborts with its file and line number.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "The catalog of countries, services and prices.",
                                                    subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Import (or re-import) the catalog CSV files.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Folder with countries.csv, services.csv, operators.csv and prices.csv.") var directory: String?

        func run() throws {
            let config = try options.load()
            let folder = directory ?? config.contentDirectory + "/catalog"
            func read(_ name: String) throws -> String {
                guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else {
                    throw ValidationErrorText("cannot read \(folder)/\(name)")
                }
                return text
            }
            let catalog = try CatalogCSV.parse(countries: read("countries.csv"), services: read("services.csv"),
                                               operators: read("operators.csv"), prices: read("prices.csv"))
            let database = try DataFolder.openDatabase(config)
            try Migrator().migrate(database, now: Clock.live.now())
            let result = try SQLiteCatalogStore(database: database).importCatalog(catalog, at: Clock.live.now())
            print("imported \(result.countries) countries, \(result.services) services, \(result.operators) operators, "
                  + "\(result.prices) prices (\(result.changedPrices) changed, \(result.retired) retired rows)")
            // The pricing pages are static: changed prices mean a rebuild, where the site is published.
            let output = config["SITE_OUTPUT"]
            if !output.isEmpty && (result.changedPrices > 0 || result.retired > 0) {
                print("site: " + (try Site.build(config, database: database, source: config["SITE_SOURCE"], output: output)))
            }
        }
    }
}
