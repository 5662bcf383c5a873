import Core
import Crypto
import Foundation
import SiteBuilder

/// The repository's own Templates/ and Content/, a small fixed catalog and a fixed time, so that pages
/// are the same on every run; temporary copies for tests that change the sources.
enum SiteFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let hash: @Sendable (String) -> String = Sodium.sha256Hex

    /// 2026-11-27T10:05:00Z
    static let updatedAt = Date(timeIntervalSince1970: 1_795_773_900)

    static let countries = [
        Country(iso: "ID", dialCode: "62", nameID: "Indonesia", nameEN: "Indonesia", smsActivateID: 6, fivesimName: "indonesia", sort: 1),
        Country(iso: "PH", dialCode: "63", nameID: "Filipina", nameEN: "Philippines", smsActivateID: 4, fivesimName: "philippines", sort: 2),
    ]
    static let services = [
        Service(code: "wa", name: "WhatsApp", fivesimName: "whatsapp", category: "messaging", sort: 1),
        Service(code: "tg", name: "Telegram", fivesimName: "telegram", category: "messaging", sort: 2),
        Service(code: "go", name: "Google <Gmail>", fivesimName: "google", category: "other", sort: 3),
    ]
    static let prices = [
        Price(country: "ID", service: "wa", operator: "any", cost: 11_580, markupPercent: 35, stock: 2530),
        Price(country: "ID", service: "tg", operator: "any", cost: 9_090, markupPercent: 35, stock: 42),
        Price(country: "ID", service: "go", operator: "any", cost: 1_000, markupPercent: 0, stock: 0),
        Price(country: "PH", service: "tg", operator: "any", cost: 1_234_567, markupPercent: 10, stock: 100),
    ]

    static func input(prices: [Price] = prices, openAPI: String? = openAPI) -> SiteInput {
        var settings = SiteSettings()
        settings.gateways = ["duitku", "heleket", "sandbox"]
        return SiteInput(version: "0.0.0-test", year: "2026", countries: countries, services: services, prices: prices,
                         pricesUpdatedAt: updatedAt, openAPI: openAPI, settings: settings)
    }

    /// A small OpenAPI document: two tags, a $ref'd request body, responses, and a Markdown introduction.
    static let openAPI = #"""
    {"openapi": "3.1.0",
     "info": {"title": "SMSCode API", "version": "0.0.0-test",
              "description": "Intro.\n\n## Rate limits\n\n| where | budget |\n|---|---|\n| nginx | 20 requests/s |\n\n## Error codes\n\n| code | status |\n|---|---|\n| `rate_limited` | 429 |"},
     "tags": [{"name": "orders", "description": "Renting numbers"}, {"name": "system", "description": "Health"}],
     "paths": {
       "/api/v1/orders": {"post": {"operationId": "createOrder", "summary": "Rent a number", "tags": ["orders"],
                                   "security": [{"bearer": []}],
                                   "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Buy"}}}},
                                   "responses": {"201": {"description": "The order"}, "429": {"$ref": "#/components/responses/Limited"}}}},
       "/api/v1/health": {"get": {"operationId": "health", "summary": "Health", "tags": ["system"], "security": [],
                                  "responses": {"200": {"description": "OK \u00e9"}}}}
     },
     "components": {"schemas": {"Buy": {"type": "object", "required": ["service"],
                                        "properties": {"service": {"type": "string", "description": "A `code`"},
                                                       "max_price": {"type": "integer"}}}},
                    "responses": {"Limited": {"description": "`rate_limited`"}}}}
    """#

    /// A throwaway folder with copies of the repository's Templates/ and Content/ (the catalog CSVs and
    /// password list left out: the builder does not read them).
    static func copiedSource() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smscode-site-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repository + "/Templates", toPath: folder + "/Templates")
        try FileManager.default.createDirectory(atPath: folder + "/Content", withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: repository + "/Content") where file.hasSuffix(".md") {
            try FileManager.default.copyItem(atPath: repository + "/Content/" + file, toPath: folder + "/Content/" + file)
        }
        return folder
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func inode(_ path: String) throws -> UInt64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }
}
