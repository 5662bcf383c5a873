/// A country numbers can come from, with the ids the compatibility APIs speak (SMS-Activate's numeric
/// id, 5sim's name), so bots written for those services map onto ours.
public struct Country: Sendable, Equatable {
    public var iso: String
    public var dialCode: String
    public var nameID: String
    public var nameEN: String
    public var smsActivateID: Int
    public var fivesimName: String
    public var sort: Int

    public init(iso: String, dialCode: String, nameID: String, nameEN: String, smsActivateID: Int, fivesimName: String, sort: Int) {
        self.iso = iso
        self.dialCode = dialCode
        self.nameID = nameID
        self.nameEN = nameEN
        self.smsActivateID = smsActivateID
        self.fivesimName = fivesimName
        self.sort = sort
    }
}

/// A service a number is rented for (`tg` Telegram, `wa` WhatsApp, `ka` Shopee …): SMS-Activate's code.
public struct Service: Sendable, Equatable {
    public var code: String
    public var name: String
    public var fivesimName: String
    public var category: String
    public var sort: Int

    public init(code: String, name: String, fivesimName: String, category: String, sort: Int) {
        self.code = code
        self.name = name
        self.fivesimName = fivesimName
        self.category = category
        self.sort = sort
    }
}

/// A mobile operator in a country; `any` means "whichever the provider has".
public struct Operator: Sendable, Equatable {
    public var country: String
    public var code: String
    public var name: String
    public var sort: Int

    public init(country: String, code: String, name: String, sort: Int) {
        self.country = country
        self.code = code
        self.name = name
        self.sort = sort
    }
}

/// The price of one country × service × operator: what it costs us and our markup are kept apart;
/// the sell price follows from them (`Pricing.sellPrice`).
public struct Price: Sendable, Equatable {
    public var country: String
    public var service: String
    public var `operator`: String
    public var cost: Int64
    public var markupPercent: Int64
    public var stock: Int64

    public init(country: String, service: String, operator: String, cost: Int64, markupPercent: Int64, stock: Int64) {
        self.country = country
        self.service = service
        self.operator = `operator`
        self.cost = cost
        self.markupPercent = markupPercent
        self.stock = stock
    }

    public var sellPrice: Int64 { Pricing.sellPrice(cost: cost, markupPercent: markupPercent) }
}

public struct Catalog: Sendable, Equatable {
    public var countries: [Country]
    public var services: [Service]
    public var operators: [Operator]
    public var prices: [Price]

    public init(countries: [Country], services: [Service], operators: [Operator], prices: [Price]) {
        self.countries = countries
        self.services = services
        self.operators = operators
        self.prices = prices
    }
}

public enum Pricing {
    /// Prices are whole-rupiah multiples of this step (Rp 100).
    public static let step: Int64 = 100

    /// `cost × (1 + markup%)`, rounded up to the next Rp 100, in integer arithmetic (floating point
    /// turns Rp 3.000 × 1.10 into Rp 3.400).
    public static func sellPrice(cost: Int64, markupPercent: Int64) -> Int64 {
        let scaled = cost * (100 + markupPercent)          // rupiah × 100
        let unit = 100 * step
        return (scaled + unit - 1) / unit * step
    }
}
