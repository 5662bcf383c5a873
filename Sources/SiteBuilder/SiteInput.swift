#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core

/// Everything the site is built from besides `Templates/` and `Content/`: the catalog as the database
/// holds it, the OpenAPI document the server serves, and the few settings pages mention. The `smscode`
/// CLI gathers these (it may import Store and API; this module may not) and hands them over.
public struct SiteInput: Sendable {
    public var version: String
    /// The footer's copyright year; passed in so that a build is a pure function of its inputs.
    public var year: String
    public var countries: [Country]
    public var services: [Service]
    /// Active prices, in display order (country sort, service sort, operator).
    public var prices: [Price]
    /// When any listed price last changed (`GET /api/v1/prices` → `updated_at`); nil before the first import.
    public var pricesUpdatedAt: Date?
    /// The JSON of `GET /api/v1/openapi.json`, rendered into the API reference; nil leaves the page out.
    public var openAPI: String?
    public var settings: SiteSettings

    public init(version: String, year: String, countries: [Country] = [], services: [Service] = [], prices: [Price] = [],
                pricesUpdatedAt: Date? = nil, openAPI: String? = nil, settings: SiteSettings = SiteSettings()) {
        self.version = version
        self.year = year
        self.countries = countries
        self.services = services
        self.prices = prices
        self.pricesUpdatedAt = pricesUpdatedAt
        self.openAPI = openAPI
        self.settings = settings
    }
}

/// Server settings the pages state (the FAQ's rental window, the deposit form's gateways and limits).
public struct SiteSettings: Sendable, Equatable {
    public var rentalWindowSeconds: Int = 1200
    public var cancelHoldSeconds: Int = 120
    public var depositMinimum: Int64 = 10_000
    public var depositMaximum: Int64 = 10_000_000
    /// Gateways the deposit form offers, in order (`sandbox` only where the server enables it).
    public var gateways: [String] = ["duitku", "heleket"]

    public init() {}
}
