import Core
import HTTP

/// The parameters of one `handler_api.php` call: the query string merged with a form body (clients send
/// GET with a query, POST with a query and an empty body — aiosmsactivate — or POST with a form body).
/// The query wins when a name appears in both; unknown names are ignored, as every provider does.
struct SMSActivateParameters {
    private var values: [String: String] = [:]

    init(_ request: Request) throws {
        if request.method == "POST", !request.body.isEmpty, SMSActivateParameters.isForm(request.headers["content-type"]) {
            for pair in request.body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
                let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = String(validating: parts[0], as: UTF8.self).flatMap({ PercentDecoding.decode($0[...], plusIsSpace: true) }),
                      let value = String(validating: parts.count > 1 ? parts[1] : [], as: UTF8.self).flatMap({ PercentDecoding.decode($0[...], plusIsSpace: true) })
                else { throw HTTPError.invalidRequest("The form body has invalid percent-encoding or is not UTF-8.") }
                if values[name] == nil { values[name] = value }
            }
        }
        var fromQuery: [String: String] = [:]
        for item in request.query where fromQuery[item.name] == nil { fromQuery[item.name] = item.value }
        values.merge(fromQuery) { _, query in query }
    }

    /// A form body, or one sent without a content type (curl -d, PHP clients).
    static func isForm(_ contentType: String?) -> Bool {
        guard let contentType else { return true }
        return contentType.lowercased().hasPrefix("application/x-www-form-urlencoded")
    }

    subscript(name: String) -> String? { values[name] }

    /// A value that is present and not empty.
    func text(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// A boolean in any common spelling; unknown spellings count as false.
    func flag(_ name: String) -> Bool { CompatFormat.flag(values[name]) ?? false }
}

/// One authenticated call: who, with which parameters, against which environment.
struct SMSActivateCall {
    let env: AppEnvironment
    let principal: AccountService.Principal
    let parameters: SMSActivateParameters
    let retries: RetryMarks

    var accountID: String { principal.account.id }

    /// The activation named by `id` (an order of the caller), or `NO_ACTIVATION`.
    func order() throws -> Order {
        guard let text = parameters.text("id"), let id = PlainNumber.parse(text), id > 0 else { throw RentalError.notFound }
        return try env.rentals.order(id: id, accountID: accountID)
    }

    /// The country named by the numeric `country` parameter, the catalog's default when absent, nil when
    /// unknown (`BAD_COUNTRY`).
    func country(_ catalog: CompatCatalog) -> Country? {
        guard let text = parameters.text("country") else { return catalog.defaultCountry }
        guard let id = PlainNumber.parse(text) else { return nil }
        return catalog.country(smsActivateID: Int(id))
    }
}
