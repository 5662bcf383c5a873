import Core
import Foundation
@testable import SiteBuilder
import Testing

@Suite struct SiteBuilderTests {
    func page(_ pages: [SiteBuilder.Page], _ name: String) throws -> String {
        try #require(pages.first { $0.name == name }, "no page \(name)").html
    }

    @Test func everyPageExistsInBothLanguagesAndTheCatalogHasItsPages() throws {
        let pages = try SiteBuilder(sourceDirectory: SiteFixtures.repository, input: SiteFixtures.input(), hash: SiteFixtures.hash).render()
        let names = Set(pages.map(\.name))
        for path in ["index", "pricing", "terms", "privacy", "refund", "acceptable-use", "faq", "docs/index", "docs/api", "login",
                     "register", "verify", "reset", "dashboard/index", "dashboard/orders", "dashboard/deposits", "dashboard/ledger",
                     "dashboard/tokens", "dashboard/account", "pricing/country/id", "pricing/country/ph",
                     "pricing/service/wa", "pricing/service/tg", "pricing/service/go"] {
            #expect(names.contains(path + ".html"), "\(path).html")
            #expect(names.contains("en/" + path + ".html"), "en/\(path).html")
        }
        #expect(names.contains("404.html") && names.contains("50x.html"))
        #expect(!names.contains("README.html") && !names.contains("en/README.html"), "Content/README.md has no title: not a page")
        // The Philippines have no WhatsApp price: no empty page for it, and Telegram lists both countries.
        let telegram = try page(pages, "en/pricing/service/tg.html")
        #expect(telegram.contains(">Philippines</a>") && telegram.contains("Rp 1.358.100") && telegram.contains("Rp 12.300"))
        let philippines = try page(pages, "pricing/country/ph.html")
        #expect(!philippines.contains("WhatsApp</a>") && philippines.contains("Filipina"))
        #expect(try page(pages, "pricing.html").contains("Google &lt;Gmail&gt;"), "names are HTML-escaped")
    }

    @Test func pricesAreRupiahWithStockBandsAndTheUpdateTime() throws {
        let pages = try SiteBuilder(sourceDirectory: SiteFixtures.repository, input: SiteFixtures.input(), hash: SiteFixtures.hash).render()
        let id = try page(pages, "pricing/country/id.html")
        #expect(id.contains("Rp 15.700") && id.contains("stock-plenty\">banyak"))   // 11.580 + 35 % = 15.633 → Rp 15.700
        #expect(id.contains("stock-few\">sedikit") && id.contains("stock-none\">habis"))
        #expect(id.contains("27 November 2026, 10.05 UTC"))
        let en = try page(pages, "en/pricing/country/id.html")
        #expect(en.contains("stock-few\">few") && en.contains("27 November 2026, 10:05 UTC"))
    }

    @Test func termsShowTheirVersionAndDateInBothLanguages() throws {
        let pages = try SiteBuilder(sourceDirectory: SiteFixtures.repository, input: SiteFixtures.input(), hash: SiteFixtures.hash).render()
        let version = try #require(FrontMatter.parse(try String(contentsOfFile: SiteFixtures.repository + "/Content/terms.md", encoding: .utf8)).fields["version"])
        #expect(try page(pages, "terms.html").contains("<strong>\(version)</strong>"))
        #expect(try page(pages, "en/terms.html").contains("<strong>\(version)</strong>"))
        #expect(try page(pages, "register.html").contains("data-terms-version=\"\(version)\""), "registration sends the version it showed")
        #expect(try page(pages, "en/terms.html").contains("<h2 id=\"4-balance-payments\">4. Balance &amp; Payments</h2>"))
    }

    @Test func theAPIReferenceFollowsTheDocumentWithItsLimitsAndErrorCodes() throws {
        let pages = try SiteBuilder(sourceDirectory: SiteFixtures.repository, input: SiteFixtures.input(), hash: SiteFixtures.hash).render()
        let api = try page(pages, "docs/api.html")
        let orders = try #require(api.range(of: "id=\"op-createOrder\""))
        let health = try #require(api.range(of: "id=\"op-health\""))
        #expect(orders.lowerBound < health.lowerBound, "operations keep the document's tag order")
        #expect(api.contains("<code>max_price</code>") && api.contains("<code>service</code> <span class=\"req\""))
        #expect(api.contains("<td><code>rate_limited</code></td>"), "the $ref'd response's description")
        #expect(api.contains("id=\"rate-limits\"") && api.contains("20 requests/s") && api.contains("OK é"))
        let withoutAPI = try SiteBuilder(sourceDirectory: SiteFixtures.repository, input: SiteFixtures.input(openAPI: nil), hash: SiteFixtures.hash).render()
        #expect(!withoutAPI.contains { $0.name == "docs/api.html" })
    }

    @Test func aBrokenOpenAPIDocumentFailsLoudly() throws {
        #expect(throws: SiteBuildError.self) {
            try SiteBuilder(sourceDirectory: SiteFixtures.repository, input: SiteFixtures.input(openAPI: "{\"paths\": "), hash: SiteFixtures.hash).render()
        }
    }

    @Test func dashboardScriptsAndStylesStayUnder100KB() throws {
        let assets = SiteFixtures.repository + "/Templates/assets"
        let files = try FileManager.default.subpathsOfDirectory(atPath: assets).filter { $0.hasSuffix(".js") || $0.hasSuffix(".css") }
        let bytes = try files.reduce(0) { $0 + ((try FileManager.default.attributesOfItem(atPath: assets + "/" + $1)[.size] as? Int) ?? 0) }
        #expect(files.contains("style.css") && files.contains("js/dashboard.js"))
        #expect(bytes < 100_000, "dashboard JS + CSS is \(bytes) bytes")
    }
}
