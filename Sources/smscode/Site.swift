import ArgumentParser
import Core
import SiteBuilder
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `smscode site build`: renders Templates/ + Content/ into the static site nginx serves.
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
            let now = Clock.live.now()
            let builder = SiteBuilder(sourceDirectory: source, context: [
                "version": SMSCodeVersion.current,
                "year": String(Calendar(identifier: .gregorian).component(.year, from: now)),
            ])
            let stamp = String(Int64(now.timeIntervalSince1970 * 1000))
            let pages = try builder.build(output: output, buildID: stamp + "-" + RandomSource.live.hex(4))
            print("built \(pages.count) pages into \(output)")
        }
    }
}
