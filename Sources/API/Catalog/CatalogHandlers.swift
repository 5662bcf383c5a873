#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// The public catalog: `GET /api/v1/countries`, `/services` and `/prices` (prices are shown before
/// purchase, ToS §4). No authentication; nginx's per-IP limits apply.
enum CatalogHandlers {
    struct CountryItem: Encodable {
        let code: String
        let name: String
        let name_id: String
        let name_en: String
        let dial_code: String
        let sms_activate_id: Int
        let fivesim_name: String
    }

    struct ServiceItem: Encodable {
        let code: String
        let name: String
        let category: String
        let fivesim_name: String
    }

    struct PriceItem: Encodable {
        let country: String
        let service: String
        let `operator`: String
        /// What the user pays, whole rupiah.
        let price: Int64
        let stock: Int64
    }

    struct PriceList: Encodable {
        let items: [PriceItem]
        let updated_at: Date?

        enum CodingKeys: String, CodingKey { case items, updated_at }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(items, forKey: .items)
            try container.encode(updated_at, forKey: .updated_at) // null before the first import
        }
    }

    struct Items<T: Encodable>: Encodable {
        let items: [T]
    }

    static func countries(_ env: AppEnvironment) -> Handler {
        { request in
            let lang = request.queryValue("lang") ?? "id"
            guard lang == "id" || lang == "en" else { throw HTTPError.invalidRequest("lang must be id or en.") }
            let indonesian = lang == "id"
            return try .json(Items(items: try env.catalog.countries().map {
                CountryItem(code: $0.iso, name: indonesian ? $0.nameID : $0.nameEN, name_id: $0.nameID, name_en: $0.nameEN,
                            dial_code: $0.dialCode, sms_activate_id: $0.smsActivateID, fivesim_name: $0.fivesimName)
            }))
        }
    }

    static func services(_ env: AppEnvironment) -> Handler {
        { _ in
            try .json(Items(items: try env.catalog.services().map {
                ServiceItem(code: $0.code, name: $0.name, category: $0.category, fivesim_name: $0.fivesimName)
            }))
        }
    }

    static func prices(_ env: AppEnvironment) -> Handler {
        { request in
            let country = try code(request, "country", uppercase: true)
            let service = try code(request, "service", uppercase: false)
            let prices = try env.catalog.prices(country: country, service: service).map {
                PriceItem(country: $0.country, service: $0.service, operator: $0.operator, price: $0.sellPrice, stock: $0.stock)
            }
            return try .json(PriceList(items: prices, updated_at: try env.catalog.pricesUpdatedAt()))
        }
    }

    /// A filter value: 1–16 ASCII letters or digits (a country's ISO code or a service code).
    static func code(_ request: Request, _ name: String, uppercase: Bool) throws -> String? {
        guard let value = request.queryValue(name) else { return nil }
        guard (1...16).contains(value.utf8.count), value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }) else {
            throw HTTPError.invalidRequest("\(name) must be a code such as \(uppercase ? "ID" : "tg").")
        }
        return uppercase ? value.uppercased() : value
    }
}
