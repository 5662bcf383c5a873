import Core
import Foundation
@testable import SiteBuilder
import Testing

@Suite struct PartsTests {
    @Test func rupiahUsesDotThousands() {
        #expect(Rupiah.format(15_000) == "Rp 15.000")
        #expect(Rupiah.format(999) == "Rp 999")
        #expect(Rupiah.format(1_358_100) == "Rp 1.358.100")
        #expect(Rupiah.format(-12_300) == "-Rp 12.300")
    }

    @Test func stockBands() {
        #expect(Formatting.StockBand(0) == .none && Formatting.StockBand(-1) == .none)
        #expect(Formatting.StockBand(1) == .few && Formatting.StockBand(99) == .few)
        #expect(Formatting.StockBand(100) == .plenty)
    }

    @Test func calendarFieldsFromTimestamps() {
        #expect(Formatting.components(Date(timeIntervalSince1970: 0)) == (1, 1, 1970, 0, 0))
        #expect(Formatting.components(Date(timeIntervalSince1970: 951_782_400)) == (29, 2, 2000, 0, 0))     // leap day
        #expect(Formatting.components(SiteFixtures.updatedAt) == (27, 11, 2026, 10, 5))
        #expect(Formatting.components(Date(timeIntervalSince1970: 1_798_761_599)) == (31, 12, 2026, 23, 59))
    }

    @Test func linkCheckerFollowsNginxTryFiles() {
        var checker = LinkChecker(files: ["index.html", "pricing.html", "dashboard/index.html", "en/index.html", "assets/style.css"])
        checker.record(page: "pricing.html", html: #"<h2 id="all">x</h2>"#)
        for good in ["/", "/pricing", "/pricing.html", "/dashboard", "/dashboard/", "/en/", "/assets/style.css", "/pricing#all",
                     "/api/v1/openapi.json", "https://example.com/x", "mailto:a@b.c", "/verify#token=x".replacing("/verify", with: "/pricing")] {
            #expect(checker.resolves(good, from: "index.html"), "\(good)")
        }
        #expect(checker.resolveFile("/en") == "en/index.html", "nginx's $uri/index.html")
        for bad in ["/prices", "/en/pricing", "/pricing#none", "", "/assets/app.js"] {
            #expect(!checker.resolves(bad, from: "index.html"), "\(bad)")
        }
        #expect(checker.check(page: "index.html", html: "<a href=\"/nope\">n</a>\n<img\nsrc=\"/assets/style.css\" alt=\"\">")
                == [LinkChecker.Broken(page: "index.html", link: "/nope")])
    }

    @Test func stringsFilesAreStrict() throws {
        #expect(try Strings.parse("# c\n a = b = c \n\nx_1 = \n", language: "id", file: "f").values == ["a": "b = c", "x_1": ""])
        #expect(throws: SiteBuildError.badStrings("f", 2, "'a' appears twice")) { try Strings.parse("a = 1\na = 2", language: "id", file: "f") }
        #expect(throws: SiteBuildError.self) { try Strings.parse("no equals", language: "id", file: "f") }
        let script = Strings(language: "en", values: ["js_x": "</script>\"", "y": "not for scripts"]).scriptJSON
        #expect(script == #"{"x":"\u003c/script\u003e\""}"#)
    }

    @Test func jsonKeepsMemberOrderAndResolvesReferences() throws {
        let value = try JSONValue.parse(##"{"b": 1, "a": [true, null, "\u00e9\ud83d\ude00"], "r": {"$ref": "#/b"}}"##)
        #expect(value.members.map(\.key) == ["b", "a", "r"])
        #expect(value["a"]?.array == [.bool(true), .null, .string("é😀")])
        #expect(value["r"]?.resolved(in: value) == .number(1))
        #expect(throws: SiteBuildError.self) { try JSONValue.parse("{\"a\": 1} x") }
    }

    @Test func markdownHeadingsGetIDs() {
        let rendered = Markdown.render("## 4. Balance & Payments\n\ntext\n\n## 4. Balance & Payments\n\n### Sub *part*")
        #expect(rendered.html.contains("<h2 id=\"4-balance-payments\">") && rendered.html.contains("<h2 id=\"4-balance-payments-2\">"))
        #expect(rendered.html.contains("<h3 id=\"sub-part\">"))
        #expect(rendered.headings.map(\.id) == ["4-balance-payments", "4-balance-payments-2"])
    }
}
