#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core

/// The pricing pages (ToS §4: prices are shown before purchase): `/pricing` with the full table and an
/// index of countries and services, `/pricing/country/ID` and `/pricing/service/tg` with one table each.
/// Prices are `Rp 15.000`, stock is a band (`banyak` / `sedikit` / `habis`), and every page says when the
/// prices last changed. Each page's fingerprint is the data it shows, so an import that changes nothing
/// on a page leaves that page alone.
struct PricingPages {
    let input: SiteInput
    private let countryByISO: [String: Country]
    private let serviceByCode: [String: Service]
    private let byCountry: [String: [Price]]
    private let byService: [String: [Price]]
    let hasOperators: Bool

    init(_ input: SiteInput) {
        self.input = input
        countryByISO = Dictionary(input.countries.map { ($0.iso, $0) }, uniquingKeysWith: { a, _ in a })
        serviceByCode = Dictionary(input.services.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        byCountry = Dictionary(grouping: input.prices, by: \.country)
        byService = Dictionary(grouping: input.prices, by: \.service)
        hasOperators = input.prices.contains { $0.operator != "any" }
    }

    /// Countries and services that have at least one price, in display order.
    var countries: [Country] { input.countries.filter { byCountry[$0.iso] != nil } }
    var services: [Service] { input.services.filter { byService[$0.code] != nil } }

    static func countryPath(_ iso: String) -> String { "/pricing/country/" + iso.lowercased() }
    static func servicePath(_ code: String) -> String { "/pricing/service/" + code.lowercased() }

    func countryName(_ iso: String, _ language: String) -> String {
        guard let country = countryByISO[iso] else { return iso }
        return language == "id" ? country.nameID : country.nameEN
    }

    func serviceName(_ code: String) -> String { serviceByCode[code]?.name ?? code }

    /// The values of every row, built once per language and shared by the three kinds of table.
    func rowValues(_ strings: Strings, base: String) -> [[String: String]] {
        input.prices.map { price in
            let band = Formatting.StockBand(price.stock)
            var operatorCell = ""
            if hasOperators {
                operatorCell = "<td>"
                HTML.escape(price.operator == "any" ? strings["operator_any"] : price.operator, into: &operatorCell)
                operatorCell += "</td>"
            }
            return ["country_name": countryName(price.country, strings.language), "country_url": base + PricingPages.countryPath(price.country),
                    "service_name": serviceName(price.service), "service_url": base + PricingPages.servicePath(price.service),
                    "operator_cell": operatorCell, "price": Formatting.price(price.sellPrice), "band": band.rawValue,
                    "stock": strings[band.stringKey]]
        }
    }

    /// Positions in `input.prices` of each country's and each service's prices, in display order.
    var countryRows: [String: [Int]] { Dictionary(grouping: input.prices.indices, by: { input.prices[$0].country }) }
    var serviceRows: [String: [Int]] { Dictionary(grouping: input.prices.indices, by: { input.prices[$0].service }) }

    func updatedAt(_ strings: Strings) -> String {
        input.pricesUpdatedAt.map { Formatting.dateTime($0, strings: strings) } ?? strings["prices_never_updated"]
    }

    /// What a pricing page shows besides its rows, for the fingerprint.
    var updatedKey: String { input.pricesUpdatedAt.map(Timestamp.format) ?? "-" }

    func prices(country iso: String) -> [Price] { byCountry[iso] ?? [] }
    func prices(service code: String) -> [Price] { byService[code] ?? [] }

    /// The fingerprint text of a table: what each row shows (the stock band, not the count).
    static func key(_ prices: [Price]) -> String {
        var text = ""
        text.reserveCapacity(prices.count * 24)
        for price in prices {
            text += price.country + "|" + price.service + "|" + price.operator + "|" + String(price.sellPrice) + "|"
                + Formatting.StockBand(price.stock).rawValue + "\n"
        }
        return text
    }

    func countryKey(_ country: Country) -> String {
        [country.iso, country.nameID, country.nameEN, updatedKey].joined(separator: "|") + "\n" + PricingPages.key(prices(country: country.iso))
            + prices(country: country.iso).map { serviceName($0.service) }.joined(separator: "|")
    }

    func serviceKey(_ service: Service) -> String {
        [service.code, service.name, updatedKey].joined(separator: "|") + "\n" + PricingPages.key(prices(service: service.code))
            + prices(service: service.code).map { countryName($0.country, "id") + "/" + countryName($0.country, "en") }.joined(separator: "|")
    }

    /// The index on `/pricing`: each country and service with its number of offers and lowest price.
    func index(_ strings: Strings, base: String) -> (countries: [[String: Any]], services: [[String: Any]]) {
        let countryItems: [[String: Any]] = countries.map { country in
            let list = prices(country: country.iso)
            return ["name": countryName(country.iso, strings.language), "url": base + PricingPages.countryPath(country.iso),
                    "dial_code": country.dialCode, "count": list.count, "from": Formatting.price(list.map(\.sellPrice).min() ?? 0)]
        }
        let serviceItems: [[String: Any]] = services.map { service in
            let list = prices(service: service.code)
            return ["name": service.name, "url": base + PricingPages.servicePath(service.code),
                    "count": list.count, "from": Formatting.price(list.map(\.sellPrice).min() ?? 0)]
        }
        return (countryItems, serviceItems)
    }

    var indexKey: String {
        countries.map { "\($0.iso)|\($0.nameID)|\($0.nameEN)|\($0.dialCode)" }.joined(separator: ",") + "\n"
            + services.map { "\($0.code)|\($0.name)" }.joined(separator: ",") + "\n" + updatedKey + "\n" + PricingPages.key(input.prices)
    }
}
