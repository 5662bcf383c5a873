#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What an import changed, for the operator's output.
public struct CatalogImportResult: Sendable, Equatable {
    public var countries: Int
    public var services: Int
    public var operators: Int
    public var prices: Int
    /// Prices whose cost, markup or sell price differ from before (each gets a price-history row).
    public var changedPrices: Int
    /// Rows no longer in the files: hidden from listings, kept for the history of past orders.
    public var retired: Int

    public init(countries: Int, services: Int, operators: Int, prices: Int, changedPrices: Int, retired: Int) {
        self.countries = countries
        self.services = services
        self.operators = operators
        self.prices = prices
        self.changedPrices = changedPrices
        self.retired = retired
    }
}

/// Catalog persistence. An import is one transaction: readers see the old catalog or the new one.
public protocol CatalogStore: Sendable {
    func importCatalog(_ catalog: Catalog, at: Date) throws -> CatalogImportResult
    func countries() throws -> [Country]
    func services() throws -> [Service]
    func prices(country: String?, service: String?) throws -> [Price]
    /// When any listed price last changed (nil before the first import).
    func pricesUpdatedAt() throws -> Date?
    /// The listed operators of every country (`any` is implicit and not listed), for the compatibility APIs.
    func operators() throws -> [Operator]
}
