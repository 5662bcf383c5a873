@testable import API
import Core
import Foundation
import HTTP
import Store

/// The compatibility tests' catalog: the small test catalog (ID = SMS-Activate 6 / `indonesia`, PH = 4 /
/// `philippines`; tg Rp 12.300 in ID, Rp 2.500 in PH; ka sold out in ID; tg via telkomsel Rp 12.900) plus
/// `ot` "Any other" (Rp 1.800 in ID), which 5sim's hosting products buy.
enum CompatCatalogFixture {
    static let services = CatalogTests.services + "ot,Any other,other,other,99\n"
    static let prices = CatalogTests.prices + "ID,ot,any,1230,40,500\n"
}

extension TestApp {
    /// Imports the compatibility catalog and makes a verified account with `balance` and an API token.
    func compatUser(_ email: String, balance: Int64 = 100_000, verified: Bool = true) throws -> (token: String, accountID: String) {
        let catalog = try CatalogCSV.parse(countries: CatalogTests.countries, services: CompatCatalogFixture.services,
                                           operators: CatalogTests.operators, prices: CompatCatalogFixture.prices)
        _ = try SQLiteCatalogStore(database: database).importCatalog(catalog, at: clock.date)
        let account = try accounts.createAccount(email: email, password: TestApp.password, verified: verified)
        if balance > 0 { try money.adjust(accountID: account.id, amount: balance, reason: "test") }
        return (try accounts.createToken(for: account, name: "bot").secret, account.id)
    }

    /// A `handler_api.php` GET with these parameters (percent-encoded in order).
    func sa(_ parameters: KeyValuePairs<String, String>) -> Response {
        get("/stubs/handler_api.php?" + parameters.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&"))
    }

    /// The text of an SMS-Activate answer, which must be HTTP 200.
    func saText(_ parameters: KeyValuePairs<String, String>) -> String {
        let response = sa(parameters)
        return response.status == 200 ? response.text : "HTTP \(response.status): \(response.text)"
    }

    /// A 5sim GET, with the bearer token when given.
    func fivesim(_ path: String, token: String? = nil) -> Response {
        send("GET", path, contentType: nil, headers: token.map { ["authorization": "Bearer " + $0] } ?? [:])
    }

    func balance(accountID: String) throws -> Int64 { try money.balance(accountID: accountID) }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}

extension Response {
    /// A JSON answer's top-level value (object or array).
    var anyJSON: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
}
