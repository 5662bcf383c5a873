import API
import ArgumentParser
import Core
import Crypto
import SiteBuilder
import Store
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `smscode site build`: renders Templates/ + Content/ + the catalog in the database into the static site
/// nginx serves. Re-run after a price import or a terms change: only what changed is rendered and written.
struct Site: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Static site commands.", subcommands: [Build.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Render the static site into the output folder.")

        @OptionGroup var options: CommonOptions

        @Option(help: "Folder holding Templates/ and Content/.")
        var source: String = "."

        @Option(help: "Where the site is published (a symlink to the newest build).")
        var output: String = "public"

        func run() throws {
            let config = try options.load()
            let database = try DataFolder.openDatabase(config)
            try Migrator().migrate(database, now: Clock.live.now())
            print(try Site.build(config, database: database, source: source, output: output))
        }
    }

    /// Renders and publishes the site; returns the one-line report. Also run by `catalog import` when
    /// prices changed (the pricing pages are static).
    static func build(_ config: Configuration, database: Database, source: String, output: String) throws -> String {
        let input = try Site.input(config, catalog: SQLiteCatalogStore(database: database))
        let started = ContinuousClock.now
        let stamp = String(Int64(Clock.live.now().timeIntervalSince1970 * 1000))
        do {
            let report = try SiteBuilder(sourceDirectory: source, input: input, hash: Sodium.sha256Hex)
                .build(output: output, buildID: stamp + "-" + RandomSource.live.hex(4))
            let elapsed = ContinuousClock.now - started
            let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            return "\(report.pages) pages: \(report.rendered) rendered, \(report.written) files written, "
                + (report.published ? "published into \(output)" : "nothing changed, \(output) left as it was") + " (\(ms) ms)"
        } catch let error as SiteBuildError {
            throw ValidationErrorText("site build failed: \(error.description)")
        }
    }

    /// The build's inputs from the configuration and the database.
    static func input(_ config: Configuration, catalog: any CatalogStore) throws -> SiteInput {
        var settings = SiteSettings()
        settings.rentalWindowSeconds = config.rentalWindow
        settings.cancelHoldSeconds = config.cancelHold
        settings.depositMaximum = config.depositMaximum
        settings.depositMinimum = MoneySettings().minimumDeposit
        settings.gateways = ["duitku", "heleket"] + (config.sandboxEnabled ? ["sandbox"] : [])
        let year = Formatted.year(Clock.live.now())
        return SiteInput(version: SMSCodeVersion.current, year: year, countries: try catalog.countries(),
                         services: try catalog.services(), prices: try catalog.prices(country: nil, service: nil),
                         pricesUpdatedAt: try catalog.pricesUpdatedAt(), openAPI: OpenAPIDocument.json(version: SMSCodeVersion.current),
                         settings: settings)
    }
}

enum Formatted {
    static func year(_ date: Date) -> String { String(Timestamp.format(date).prefix(4)) }
}
