import Core
import Foundation
@testable import SiteBuilder
import Testing

/// Publishing: the symlink swap, rebuilds that render and write only what changed (unchanged files keep
/// their inode), and failures that leave the served site as it was.
@Suite struct PublishTests {
    let source: String
    var output: String { source + "/public" }

    init() throws { source = try SiteFixtures.copiedSource() }

    func builder(_ input: SiteInput = SiteFixtures.input()) -> SiteBuilder {
        SiteBuilder(sourceDirectory: source, input: input, hash: SiteFixtures.hash)
    }

    func served() throws -> String { try FileManager.default.destinationOfSymbolicLink(atPath: output) }

    @Test func aRebuildWithoutChangesRendersAndPublishesNothing() throws {
        defer { try? FileManager.default.removeItem(atPath: source) }
        let first = try builder().build(output: output, buildID: "001")
        #expect(first.published && first.rendered == first.pages && first.written > first.pages)
        let second = try builder().build(output: output, buildID: "002")
        #expect(second == SiteBuilder.Report(pages: first.pages, rendered: 0, written: 0, published: false, folder: nil))
        #expect(try served() == output + "-builds/001")
        #expect(!FileManager.default.fileExists(atPath: output + "-builds/002"))
    }

    @Test func aPriceChangeRewritesOnlyThePagesThatShowIt() throws {
        defer { try? FileManager.default.removeItem(atPath: source) }
        try builder().build(output: output, buildID: "001")
        let before = try ["index.html", "terms.html", "en/faq.html", "dashboard/index.html", "assets/style.css", "pricing/country/id.html",
                          "pricing/country/ph.html", "pricing/service/tg.html", "pricing/service/wa.html"]
            .reduce(into: [String: UInt64]()) { $0[$1] = try SiteFixtures.inode(output + "/" + $1) }
        var prices = SiteFixtures.prices
        prices[3].cost = 2_000_000                      // PH Telegram; the update time stays (the store sets it)
        let report = try builder(SiteFixtures.input(prices: prices)).build(output: output, buildID: "002")
        #expect(try report.published && served() == output + "-builds/002")
        // Rendered: the home page and the pricing page (they show lowest prices and the full table), PH's page
        // and Telegram's page, in both languages. Written: not the home pages, whose lowest prices stayed.
        #expect(report.rendered == 8 && report.written == 6, "\(report)")
        for (file, inode) in before {
            let changed = ["pricing/country/ph.html", "pricing/service/tg.html"].contains(file)
            #expect((try SiteFixtures.inode(output + "/" + file) != inode) == changed, "\(file)")
        }
        #expect(try String(contentsOfFile: output + "/pricing/country/ph.html", encoding: .utf8).contains("Rp 2.200.000"))
        #expect(try String(contentsOfFile: output + "-builds/001/pricing/country/ph.html", encoding: .utf8).contains("Rp 1.358.100"),
                "the previous build is kept for requests still reading it")
    }

    @Test func aStockChangeWithinItsBandChangesNothing() throws {
        defer { try? FileManager.default.removeItem(atPath: source) }
        try builder().build(output: output, buildID: "001")
        var prices = SiteFixtures.prices
        prices[0].stock = 2000                          // still "banyak"
        #expect(try !builder(SiteFixtures.input(prices: prices)).build(output: output, buildID: "002").published)
        prices[0].stock = 5                             // now "sedikit"
        let report = try builder(SiteFixtures.input(prices: prices)).build(output: output, buildID: "003")
        #expect(report.published && report.written > 0)
    }

    @Test func aTermsChangeRewritesTheTermsPages() throws {
        defer { try? FileManager.default.removeItem(atPath: source) }
        try builder().build(output: output, buildID: "001")
        let pricing = try SiteFixtures.inode(output + "/pricing.html")
        for file in ["terms.md", "terms.id.md"] {
            let path = source + "/Content/" + file
            try SiteFixtures.write(try String(contentsOfFile: path, encoding: .utf8).replacing("version: 2026-04-10", with: "version: 2026-12-01"), to: path)
        }
        let report = try builder().build(output: output, buildID: "002")
        #expect(report.published)
        #expect(try String(contentsOfFile: output + "/terms.html", encoding: .utf8).contains("<strong>2026-12-01</strong>"))
        #expect(try String(contentsOfFile: output + "/en/register.html", encoding: .utf8).contains("data-terms-version=\"2026-12-01\""))
        #expect(try SiteFixtures.inode(output + "/pricing.html") == pricing)
    }

    @Test func aTranslationBehindTheOriginalFailsTheBuild() throws {
        defer { try? FileManager.default.removeItem(atPath: source) }
        let path = source + "/Content/terms.md"
        try SiteFixtures.write(try String(contentsOfFile: path, encoding: .utf8).replacing("version: 2026-04-10", with: "version: 2026-12-01"), to: path)
        #expect(throws: SiteBuildError.self) { try builder().render() }
    }

    @Test func aBrokenLinkFailsTheBuildAndLeavesTheServedSite() throws {
        defer { try? FileManager.default.removeItem(atPath: source) }
        try builder().build(output: output, buildID: "001")
        try SiteFixtures.write("<p><a href=\"{{base}}/no-such-page\">x</a> <a href=\"#nowhere\">y</a></p>", to: source + "/Templates/pages/docs.mustache")
        do {
            try builder().build(output: output, buildID: "002")
            Issue.record("the build should fail")
        } catch SiteBuildError.brokenLinks(let links) {
            #expect(links.contains("docs/index.html: /no-such-page") && links.contains("en/docs/index.html: /en/no-such-page"))
            #expect(links.contains("docs/index.html: #nowhere"))
        }
        #expect(try served() == output + "-builds/001")
        #expect(!FileManager.default.fileExists(atPath: output + "-builds/002"), "the half-built folder is removed")
    }

    @Test func brokenTemplatesAndMissingWordsFailLoudly() throws {
        defer { try? FileManager.default.removeItem(atPath: source) }
        let docs = source + "/Templates/pages/docs.mustache"
        let original = try String(contentsOfFile: docs, encoding: .utf8)
        for (text, expected) in [("{{#open}} never closed", "does not parse"), ("{{> partials/nowhere}}", "partials/nowhere"),
                                 ("{{t.no_such_word}}", "no_such_word")] {
            try SiteFixtures.write(text, to: docs)
            do {
                _ = try builder().render()
                Issue.record("\(text) should fail")
            } catch let error as SiteBuildError {
                #expect(error.description.contains(expected), "\(error)")
            }
        }
        try SiteFixtures.write(original, to: docs)
        try SiteFixtures.write("only_here = x\n" + (try String(contentsOfFile: source + "/Templates/i18n/en.strings", encoding: .utf8)),
                               to: source + "/Templates/i18n/en.strings")
        #expect(throws: SiteBuildError.missingStrings("id/en differ in: only_here")) { try builder().render() }
    }

    @Test func docsInContentBecomeDocPagesInBothLanguages() throws {
        defer { try? FileManager.default.removeItem(atPath: source) }
        try SiteFixtures.write("# Compatibility APIs\n\nBots for [SMS-Activate](/stubs/handler_api.php) and [5sim](/v1/guest/prices) work.\n",
                               to: source + "/Content/docs/compat.md")
        let pages = try builder().render()
        let indonesian = try #require(pages.first { $0.name == "docs/compat.html" }).html
        #expect(indonesian.contains("<article class=\"prose\" lang=\"en\">") && indonesian.contains("<title>Compatibility APIs · SMSCode</title>"))
        #expect(indonesian.contains("belum tersedia dalam bahasa Indonesia"), "the Indonesian page says the text is English")
        #expect(try #require(pages.first { $0.name == "en/docs/compat.html" }).html.contains("<h1>Compatibility APIs</h1>"))
        #expect(try #require(pages.first { $0.name == "docs/index.html" }).html.contains("href=\"/docs/compat\""))
        #expect(try builder().build(output: output, buildID: "001").published, "links to the compatibility APIs are the application's")
    }
}
