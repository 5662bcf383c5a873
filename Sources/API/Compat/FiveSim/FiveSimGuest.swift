import Core
import HTTP

/// 5sim's guest endpoints: `/v1/guest/countries`, `/v1/guest/products/{country}/{operator}` and
/// `/v1/guest/prices` (with both nestings). Names, not ids; prices in whole rupiah.
enum FiveSimGuest {
    static func countries(_ env: AppEnvironment) -> Handler {
        FiveSim.guest(env) { _, catalog in
            let operators = try env.catalog.operators()
            return CompatResponse.json(.object(catalog.countries.map { ($0.fivesimName, FiveSimAnswers.country($0, operators: operators)) }))
        }
    }

    /// `{"<product>": {"Category": "activation", "Qty", "Price"}}`: the offers one can buy with this country
    /// and operator (`any` country: every country, the lowest price and the summed stock).
    static func products(_ env: AppEnvironment) -> Handler {
        FiveSim.guest(env) { request, catalog in
            let (countries, op) = try FiveSimNames.place(request, catalog, operators: try env.catalog.operators())
            var offers: [String: (qty: Int64, price: Int64)] = [:]
            for price in try env.catalog.prices(country: countries.count == 1 ? countries[0].iso : nil, service: nil)
            where price.operator == op && countries.contains(where: { $0.iso == price.country }) {
                let previous = offers[price.service]
                offers[price.service] = ((previous?.qty ?? 0) + price.stock, min(previous?.price ?? .max, price.sellPrice))
            }
            let rows: [(String, CompatJSON)] = catalog.services.compactMap { service in
                guard let offer = offers[service.code] else { return nil }
                return (service.fivesimName, .object([("Category", .string("activation")), ("Qty", .int(offer.qty)), ("Price", .int(offer.price))]))
            }
            return CompatResponse.json(.object(rows))
        }
    }

    /// `?country=X` → `{X: {product: {operator: offer}}}`; `?product=Y` → `{Y: {country: {operator: offer}}}`
    /// (5sim flips the nesting); both → `{X: {Y: {operator: offer}}}`, or `null` when not sold there.
    static func prices(_ env: AppEnvironment) -> Handler {
        FiveSim.guest(env) { request, catalog in
            var country: Country?
            if let name = request.queryValue("country"), name != "any" {
                guard let found = catalog.country(fivesimName: name) else { throw FiveSimRefusal.badCountry }
                country = found
            }
            var service: Service?
            if let name = request.queryValue("product") {
                guard let found = catalog.service(fivesimName: name) else { throw FiveSimRefusal.badProduct }
                service = found
            }
            let prices = try env.catalog.prices(country: country?.iso, service: service?.code)
            if country != nil && service != nil && prices.isEmpty { return .rawJSON("null") }
            let byProductFirst = service != nil && country == nil
            var tree: [(String, [(String, [(String, CompatJSON)])])] = []
            for price in prices {
                guard let c = catalog.country(iso: price.country), let s = catalog.service(code: price.service) else { continue }
                let (outer, inner) = byProductFirst ? (s.fivesimName, c.fivesimName) : (c.fivesimName, s.fivesimName)
                if tree.last?.0 != outer { tree.append((outer, [])) }
                if tree[tree.count - 1].1.last?.0 != inner { tree[tree.count - 1].1.append((inner, [])) }
                let last = tree[tree.count - 1].1.count - 1
                tree[tree.count - 1].1[last].1.append((price.operator, FiveSimAnswers.offer(price)))
            }
            return CompatResponse.json(.object(tree.map { outer in (outer.0, .object(outer.1.map { ($0.0, .object($0.1)) })) }))
        }
    }
}

/// Reading 5sim names from a path: country (or `any`), operator (or `any`), product.
enum FiveSimNames {
    /// The countries and the operator the `{country}/{operator}` segments name.
    static func place(_ request: Request, _ catalog: CompatCatalog, operators: [Operator]) throws -> (countries: [Country], operator: String) {
        let countryName = request.pathParameters["country"] ?? ""
        let countries: [Country]
        if countryName == "any" {
            countries = catalog.countries
        } else {
            guard let country = catalog.country(fivesimName: countryName) else { throw FiveSimRefusal.badCountry }
            countries = [country]
        }
        let op = request.pathParameters["operator"] ?? ""
        guard op == "any" || operators.contains(where: { $0.code == op && countries.map(\.iso).contains($0.country) }) else {
            throw FiveSimRefusal.badOperator
        }
        return (countries, op)
    }
}
