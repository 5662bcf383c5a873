/// Reads the catalog's CSV files (`Content/catalog/`): plain comma-separated values with a header row,
/// no quoting. Every problem is reported with its file and line, and nothing is imported then.
public enum CatalogCSV {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let reason: String
        public var description: String { "\(file):\(line): \(reason)" }

        public init(file: String, line: Int, reason: String) {
            self.file = file
            self.line = line
            self.reason = reason
        }
    }

    public static func parse(countries: String, services: String, operators: String, prices: String) throws(Failure) -> Catalog {
        let countryRows = try rows(countries, file: "countries.csv", header: ["iso", "dial_code", "name_id", "name_en", "sms_activate_id", "fivesim_name", "sort"])
        let serviceRows = try rows(services, file: "services.csv", header: ["code", "name", "fivesim_name", "category", "sort"])
        let operatorRows = try rows(operators, file: "operators.csv", header: ["country", "operator", "name", "sort"])
        let priceRows = try rows(prices, file: "prices.csv", header: ["country", "service", "operator", "cost_idr", "markup_percent", "stock"])

        let catalog = Catalog(
            countries: try countryRows.map { row throws(Failure) in
                Country(iso: row[0], dialCode: row[1], nameID: row[2], nameEN: row[3], smsActivateID: Int(try row.number(4)),
                        fivesimName: row[5], sort: Int(try row.number(6)))
            },
            services: try serviceRows.map { row throws(Failure) in
                Service(code: row[0], name: row[1], fivesimName: row[2], category: row[3], sort: Int(try row.number(4)))
            },
            operators: try operatorRows.map { row throws(Failure) in
                Operator(country: row[0], code: row[1], name: row[2], sort: Int(try row.number(3)))
            },
            prices: try priceRows.map { row throws(Failure) in
                Price(country: row[0], service: row[1], operator: row[2], cost: try row.number(3), markupPercent: try row.number(4),
                      stock: try row.number(5))
            })
        try validate(catalog, priceLines: priceRows.map(\.line))
        return catalog
    }

    struct Row {
        let file: String
        let line: Int
        let fields: [String]
        subscript(index: Int) -> String { fields[index] }

        func number(_ index: Int) throws(Failure) -> Int64 {
            guard let value = Int64(fields[index]), value >= 0 else {
                throw Failure(file: file, line: line, reason: "'\(fields[index])' is not a whole number")
            }
            return value
        }
    }

    static func rows(_ text: String, file: String, header: [String]) throws(Failure) -> [Row] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first, first.split(separator: ",", omittingEmptySubsequences: false).map(String.init) == header else {
            throw Failure(file: file, line: 1, reason: "the header must be \(header.joined(separator: ","))")
        }
        var rows: [Row] = []
        for (offset, line) in lines.enumerated().dropFirst() {
            guard !line.contains("\"") else { throw Failure(file: file, line: offset + 1, reason: "quoted fields are not supported") }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else {
                throw Failure(file: file, line: offset + 1, reason: "expected \(header.count) fields, found \(fields.count)")
            }
            guard fields.allSatisfy({ !$0.isEmpty }) else { throw Failure(file: file, line: offset + 1, reason: "an empty field") }
            rows.append(Row(file: file, line: offset + 1, fields: fields))
        }
        return rows
    }

    static func validate(_ catalog: Catalog, priceLines: [Int]) throws(Failure) {
        func unique<T: Hashable>(_ keys: [T], _ file: String, _ what: String) throws(Failure) {
            var seen = Set<T>()
            for (index, key) in keys.enumerated() where !seen.insert(key).inserted {
                throw Failure(file: file, line: index + 2, reason: "duplicate \(what) \(key)")
            }
        }
        try unique(catalog.countries.map(\.iso), "countries.csv", "country")
        try unique(catalog.countries.map(\.smsActivateID), "countries.csv", "SMS-Activate id")
        try unique(catalog.countries.map(\.fivesimName), "countries.csv", "5sim name")
        try unique(catalog.services.map(\.code), "services.csv", "service")
        try unique(catalog.operators.map { $0.country + "/" + $0.code }, "operators.csv", "operator")
        try unique(catalog.prices.map { "\($0.country)/\($0.service)/\($0.operator)" }, "prices.csv", "price")
        let countries = Set(catalog.countries.map(\.iso)), services = Set(catalog.services.map(\.code))
        let operators = Set(catalog.operators.map { $0.country + "/" + $0.code })
        for (price, line) in zip(catalog.prices, priceLines) {
            guard countries.contains(price.country) else { throw Failure(file: "prices.csv", line: line, reason: "unknown country \(price.country)") }
            guard services.contains(price.service) else { throw Failure(file: "prices.csv", line: line, reason: "unknown service \(price.service)") }
            guard price.operator == "any" || operators.contains(price.country + "/" + price.operator) else {
                throw Failure(file: "prices.csv", line: line, reason: "unknown operator \(price.operator) in \(price.country)")
            }
            guard price.cost > 0, price.markupPercent <= 1000 else {
                throw Failure(file: "prices.csv", line: line, reason: "cost must be positive and markup at most 1000%")
            }
        }
    }
}
