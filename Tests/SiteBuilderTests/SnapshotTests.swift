import Foundation
import SiteBuilder
import Testing

/// The generated HTML of the pricing table and the Terms of Service, compared byte for byte with the
/// golden files in __Snapshots__/. After an intended change, re-record with
/// `SMSCODE_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests` and review the diff.
@Suite struct SnapshotTests {
    static let pages: [SiteBuilder.Page] = (try? SiteBuilder(sourceDirectory: SiteFixtures.repository, input: SiteFixtures.input(),
                                                             hash: SiteFixtures.hash).render()) ?? []

    func check(_ name: String, snapshot: String) throws {
        let page = try #require(SnapshotTests.pages.first { $0.name == name }, "no page \(name)")
        let path = SiteFixtures.repository + "/Tests/SiteBuilderTests/__Snapshots__/" + snapshot
        if ProcessInfo.processInfo.environment["SMSCODE_RECORD_SNAPSHOTS"] == "1" {
            try SiteFixtures.write(page.html, to: path)
            return
        }
        let golden = try #require(try? String(contentsOfFile: path, encoding: .utf8),
                                  "missing \(path): record it with SMSCODE_RECORD_SNAPSHOTS=1")
        if page.html != golden {
            let got = page.html.split(separator: "\n", omittingEmptySubsequences: false)
            let want = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record("""
                \(name) differs from \(snapshot) at line \(line + 1):
                  got:  \(line < got.count ? String(got[line]) : "<end>")
                  want: \(line < want.count ? String(want[line]) : "<end>")
                (re-record with SMSCODE_RECORD_SNAPSHOTS=1 if the change is intended)
                """)
        }
    }

    @Test func pricingTable() throws {
        try check("pricing.html", snapshot: "pricing.id.html")
    }

    @Test func pricingTableInEnglish() throws {
        try check("en/pricing.html", snapshot: "pricing.en.html")
    }

    @Test func termsOfService() throws {
        try check("terms.html", snapshot: "terms.id.html")
    }

    @Test func termsOfServiceInEnglish() throws {
        try check("en/terms.html", snapshot: "terms.en.html")
    }
}
