import Core

/// The catalog as the compatibility APIs address it: countries by SMS-Activate id and 5sim name, services
/// by code and 5sim product name. Read once per request (a few dozen rows); the rules stay in RentalService.
struct CompatCatalog {
    let countries: [Country]
    let services: [Service]
    private let countryByISO: [String: Country]
    private let countryBySMSActivateID: [Int: Country]
    private let countryByFivesimName: [String: Country]
    private let serviceByCode: [String: Service]
    private let serviceByFivesimName: [String: Service]

    init(countries: [Country], services: [Service]) {
        self.countries = countries
        self.services = services
        countryByISO = Dictionary(countries.map { ($0.iso, $0) }, uniquingKeysWith: { first, _ in first })
        countryBySMSActivateID = Dictionary(countries.map { ($0.smsActivateID, $0) }, uniquingKeysWith: { first, _ in first })
        countryByFivesimName = Dictionary(countries.map { ($0.fivesimName, $0) }, uniquingKeysWith: { first, _ in first })
        serviceByCode = Dictionary(services.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        serviceByFivesimName = Dictionary(services.map { ($0.fivesimName, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func load(_ env: AppEnvironment) throws -> CompatCatalog {
        CompatCatalog(countries: try env.catalog.countries(), services: try env.catalog.services())
    }

    func country(iso: String) -> Country? { countryByISO[iso] }
    func country(smsActivateID: Int) -> Country? { countryBySMSActivateID[smsActivateID] }
    func country(fivesimName: String) -> Country? { countryByFivesimName[fivesimName] }
    func service(code: String) -> Service? { serviceByCode[code] }
    func service(fivesimName: String) -> Service? { serviceByFivesimName[fivesimName] }

    /// Where a client that names no country buys: the first country of the catalog (Indonesia).
    var defaultCountry: Country? { countries.first }
}

/// Reads a whole newest-first list that the services page by id (`before`), for protocols that page by
/// offset and report a total (5sim's order and payment histories).
func allPages<T>(pageSize: Int = 500, id: (T) -> Int64, fetch: (_ before: Int64?, _ limit: Int) throws -> [T]) throws -> [T] {
    var all: [T] = []
    var before: Int64?
    while true {
        let page = try fetch(before, pageSize)
        all += page
        guard page.count == pageSize, let last = page.last else { return all }
        before = id(last)
    }
}
