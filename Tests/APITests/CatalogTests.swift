import Core
import Foundation
import HTTP
import Store
import Testing

@Suite struct CatalogTests {
    static let countries = "iso,dial_code,name_id,name_en,sms_activate_id,fivesim_name,sort\nID,62,Indonesia,Indonesia,6,indonesia,1\nPH,63,Filipina,Philippines,4,philippines,2\n"
    static let services = "code,name,fivesim_name,category,sort\ntg,Telegram,telegram,messaging,1\nka,Shopee,shopee,shopping,2\n"
    static let operators = "country,operator,name,sort\nID,telkomsel,Telkomsel,1\n"
    static let prices = "country,service,operator,cost_idr,markup_percent,stock\nID,tg,any,9090,35,1883\nID,ka,any,3000,10,0\nPH,tg,any,2000,25,40\nID,tg,telkomsel,9500,35,12\n"

    @Test(arguments: [(9090, 35, 12_300), (3000, 10, 3_300), (2000, 25, 2_500), (1, 0, 100), (10_000, 0, 10_000), (10_001, 0, 10_100)] as [(Int64, Int64, Int64)])
    func sellPricesRoundUpToRp100InIntegers(cost: Int64, markup: Int64, price: Int64) {
        #expect(Pricing.sellPrice(cost: cost, markupPercent: markup) == price)
    }

    @Test func badFilesNameTheirLine() {
        #expect(throws: CatalogCSV.Failure(file: "prices.csv", line: 3, reason: "unknown service xx")) {
            try CatalogCSV.parse(countries: Self.countries, services: Self.services, operators: Self.operators,
                                 prices: "country,service,operator,cost_idr,markup_percent,stock\nID,tg,any,1,1,1\nID,xx,any,1,1,1\n")
        }
        #expect(throws: CatalogCSV.Failure(file: "countries.csv", line: 4, reason: "duplicate country ID")) {
            try CatalogCSV.parse(countries: Self.countries + "ID,62,X,X,99,x,3\n", services: Self.services, operators: Self.operators, prices: Self.prices)
        }
        #expect(throws: CatalogCSV.Failure(file: "prices.csv", line: 2, reason: "'-5' is not a whole number")) {
            try CatalogCSV.parse(countries: Self.countries, services: Self.services, operators: Self.operators,
                                 prices: "country,service,operator,cost_idr,markup_percent,stock\nID,tg,any,-5,1,1\n")
        }
        #expect(throws: CatalogCSV.Failure(file: "services.csv", line: 1, reason: "the header must be code,name,fivesim_name,category,sort")) {
            try CatalogCSV.parse(countries: Self.countries, services: "code,name\n", operators: Self.operators, prices: Self.prices)
        }
    }

    @Test func importListsPricesAndRecordsHistoryOnlyForChanges() throws {
        let app = try TestApp()
        let store = SQLiteCatalogStore(database: app.database)
        let catalog = try CatalogCSV.parse(countries: Self.countries, services: Self.services, operators: Self.operators, prices: Self.prices)
        #expect(try store.importCatalog(catalog, at: app.clock.date).changedPrices == 4)
        #expect(try store.importCatalog(catalog, at: app.clock.date).changedPrices == 0)  // re-import: nothing changed
        let prices = app.get("/api/v1/prices?country=id&service=tg").json
        let items = prices["items"] as? [[String: Any]] ?? []
        #expect(items.map { "\($0["operator"] ?? ""):\($0["price"] ?? 0):\($0["stock"] ?? 0)" } == ["any:12300:1883", "telkomsel:12900:12"])
        #expect(prices["updated_at"] as? String == "2026-11-18T11:06:40Z")
        #expect(app.get("/api/v1/countries").json["items"].flatMap { ($0 as? [[String: Any]])?.map { $0["code"] as? String } } == ["ID", "PH"])
        #expect((app.get("/api/v1/countries?lang=en").json["items"] as? [[String: Any]])?[1]["name"] as? String == "Philippines")
        #expect(app.get("/api/v1/prices?country=I-D").errorCode == "invalid_request")

        // A new price for one row: one history row, and the listing follows; a dropped row is retired.
        app.clock.advance(by: 60)
        var changed = catalog
        changed.prices[0].cost = 10_000
        changed.prices.removeLast()
        let result = try store.importCatalog(changed, at: app.clock.date)
        #expect(result.changedPrices == 1)
        #expect(result.retired == 1)
        #expect((app.get("/api/v1/prices?country=ID&service=tg").json["items"] as? [[String: Any]])?.map { $0["price"] as? Int } == [13_500])
        #expect(try app.database.readOne("SELECT count(*) FROM price_history") { $0.int(0) } == 5)
    }

    @Test func theShippedCatalogImports() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Content/catalog").path
        func read(_ name: String) throws -> String { try String(contentsOfFile: folder + "/" + name, encoding: .utf8) }
        let catalog = try CatalogCSV.parse(countries: read("countries.csv"), services: read("services.csv"),
                                           operators: read("operators.csv"), prices: read("prices.csv"))
        #expect(catalog.countries.count >= 30)
        #expect(catalog.services.count >= 40)
        #expect(catalog.countries.first?.iso == "ID")
        #expect(catalog.prices.first { $0.country == "ID" && $0.service == "ig" }?.stock == 0)
        #expect((catalog.prices.first { $0.country == "ID" && $0.service == "tg" }?.stock ?? 0) > 0)
    }
}
