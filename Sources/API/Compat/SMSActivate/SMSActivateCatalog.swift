import Core
import HTTP

/// The catalog actions: getCountries, getOperators, getServicesList, getPrices, getTopCountriesByService
/// and getNumbersStatus. Prices are the `any`-operator rows (what getNumber buys without `operator`), in
/// whole rupiah as JSON numbers.
enum SMSActivateCatalog {
    static func countries(_ call: SMSActivateCall) throws -> Response {
        CompatResponse.json(SMSActivateAnswers.countries(try call.env.catalog.countries()))
    }

    /// `{"status":"success","countryOperators":{"6":["telkomsel",…]}}` for one country or all that list
    /// operators; `OPERATORS_NOT_FOUND` for an unknown country or one without listed operators.
    static func operators(_ call: SMSActivateCall) throws -> Response {
        let catalog = try CompatCatalog.load(call.env)
        var wanted: Country?
        if call.parameters.text("country") != nil {
            guard let country = call.country(catalog) else { return CompatResponse.json(SMSActivateAnswers.jsonError("OPERATORS_NOT_FOUND")) }
            wanted = country
        }
        let operators = try call.env.catalog.operators()
        var rows: [(String, CompatJSON)] = []
        for country in catalog.countries where wanted == nil || wanted?.iso == country.iso {
            let names = operators.filter { $0.country == country.iso }.map { CompatJSON.string($0.code) }
            if !names.isEmpty { rows.append((String(country.smsActivateID), .array(names))) }
        }
        guard !rows.isEmpty else { return CompatResponse.json(SMSActivateAnswers.jsonError("OPERATORS_NOT_FOUND")) }
        return CompatResponse.json(.object([("status", .string("success")), ("countryOperators", .object(rows))]))
    }

    /// `{"status":"success","services":[{"code","name"}]}`; `lang` is accepted and ignored (one name each).
    static func servicesList(_ call: SMSActivateCall) throws -> Response {
        let catalog = try CompatCatalog.load(call.env)
        if call.parameters.text("country") != nil, call.country(catalog) == nil {
            return CompatResponse.json(SMSActivateAnswers.jsonError("BAD_COUNTRY"))
        }
        let services = catalog.services.map { CompatJSON.object([("code", .string($0.code)), ("name", .string($0.name))]) }
        return CompatResponse.json(.object([("status", .string("success")), ("services", .array(services))]))
    }

    /// `{"<country id>":{"<service>":{"cost","count","physicalCount"}}}`, filtered by `country` and
    /// `service`; `{}` when nothing matches (also for an unknown country or service).
    static func prices(_ call: SMSActivateCall) throws -> Response {
        let catalog = try CompatCatalog.load(call.env)
        var iso: String?
        if call.parameters.text("country") != nil {
            guard let country = call.country(catalog) else { return CompatResponse.json(.object([])) }
            iso = country.iso
        }
        let service = call.parameters.text("service")
        if let service, catalog.service(code: service) == nil { return CompatResponse.json(.object([])) }
        var tree: [(String, CompatJSON)] = []
        var current: (id: String, rows: [(String, CompatJSON)])?
        for price in try call.env.catalog.prices(country: iso, service: service) where price.operator == "any" {
            guard let country = catalog.country(iso: price.country) else { continue }
            let id = String(country.smsActivateID)
            if current?.id != id {
                if let done = current { tree.append((done.id, .object(done.rows))) }
                current = (id, [])
            }
            current?.rows.append((price.service, .object([("cost", .int(price.sellPrice)), ("count", .int(price.stock)),
                                                          ("physicalCount", .int(price.stock))])))
        }
        if let done = current { tree.append((done.id, .object(done.rows))) }
        return CompatResponse.json(.object(tree))
    }

    /// The countries selling `service`, most stock first, keyed `"0"`, `"1"`, …; `freePriceMap` with
    /// `freePrice` (one price level each). `service` is required: `BAD_SERVICE` without it.
    static func topCountries(_ call: SMSActivateCall) throws -> Response {
        let catalog = try CompatCatalog.load(call.env)
        guard let code = call.parameters.text("service"), catalog.service(code: code) != nil else { return CompatResponse.text("BAD_SERVICE") }
        let freePrice = call.parameters.flag("freePrice")
        let ranked = try call.env.catalog.prices(country: nil, service: code)
            .filter { $0.operator == "any" }
            .enumerated().sorted { ($0.element.stock, -$0.offset) > ($1.element.stock, -$1.offset) }.map(\.element)
        var rows: [(String, CompatJSON)] = []
        for price in ranked {
            guard let country = catalog.country(iso: price.country) else { continue }
            var members: [(String, CompatJSON)] = [("country", .int(country.smsActivateID)), ("count", .int(price.stock)),
                                                   ("price", .int(price.sellPrice)), ("retail_price", .int(price.sellPrice))]
            if freePrice { members.append(("freePriceMap", .object([(CompatFormat.money(price.sellPrice), .int(price.stock))]))) }
            rows.append((String(rows.count), .object(members)))
        }
        return CompatResponse.json(.object(rows))
    }

    /// `{"tg_0": stock, "tg_1": 0, …}` for every service in `country`: `_1` is "with call forwarding",
    /// which SMSCode does not offer.
    static func numbersStatus(_ call: SMSActivateCall) throws -> Response {
        let catalog = try CompatCatalog.load(call.env)
        guard let country = call.country(catalog) else { return CompatResponse.text("BAD_COUNTRY") }
        var stock: [String: Int64] = [:]
        for price in try call.env.catalog.prices(country: country.iso, service: nil) where price.operator == "any" { stock[price.service] = price.stock }
        var rows: [(String, CompatJSON)] = []
        for service in catalog.services {
            rows.append((service.code + "_0", .int(stock[service.code] ?? 0)))
            rows.append((service.code + "_1", .int(0)))
        }
        return CompatResponse.json(.object(rows))
    }
}
