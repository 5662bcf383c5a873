import Core
import HTTP

/// `GET|POST /stubs/handler_api.php`: the SMS-Activate protocol (protocols.md §1) over the same services as
/// the native API. `api_key` is a SMSCode API token, checked and rate-limited like a bearer token.
/// Every answer is HTTP 200 with a token or JSON, errors included, because that is what the clients parse.
enum SMSActivate {
    typealias Action = @Sendable (SMSActivateCall) throws -> Response

    /// Every action, by name; anything else is `BAD_ACTION` (rent, multi-service and call actions too).
    static let actions: [String: Action] = [
        "getBalance": SMSActivateAccount.balance,
        "getBalanceAndCashBack": SMSActivateAccount.balance,
        "getCountries": SMSActivateCatalog.countries,
        "getOperators": SMSActivateCatalog.operators,
        "getServicesList": SMSActivateCatalog.servicesList,
        "getPrices": SMSActivateCatalog.prices,
        "getTopCountriesByService": SMSActivateCatalog.topCountries,
        "getNumbersStatus": SMSActivateCatalog.numbersStatus,
        "getNumber": { try SMSActivateNumbers.buy($0, json: false) },
        "getNumberV2": { try SMSActivateNumbers.buy($0, json: true) },
        "setStatus": SMSActivateActivations.setStatus,
        "getStatus": SMSActivateActivations.status,
        "getStatusV2": SMSActivateActivations.statusV2,
        "getFullSms": SMSActivateActivations.fullSMS,
        "getActiveActivations": SMSActivateActivations.active,
    ]

    static func handler(_ env: AppEnvironment, retries: RetryMarks) -> Handler {
        { request in
            // GET buys and cancels in this protocol: a HEAD (prefetchers, monitors) must not.
            guard request.method != "HEAD" else { throw HTTPError.methodNotAllowed(allowed: ["GET", "POST"]) }
            let parameters = try SMSActivateParameters(request)
            guard let key = parameters.text("api_key") else { return CompatResponse.text("NO_KEY") }
            let principal: AccountService.Principal
            do {
                principal = try env.accounts.authenticate(bearer: key)
            } catch let error as AccountError {
                return CompatResponse.text(SMSActivateAnswers.token(for: error) ?? "BAD_KEY")
            }
            try RateLimits.charge(env, key: Authenticator.principalKey(principal), budget: RateLimits.perCaller(env))
            guard let name = parameters.text("action") else { return CompatResponse.text("NO_ACTION") }
            guard let action = actions[name] else { return CompatResponse.text("BAD_ACTION") }
            do {
                return try action(SMSActivateCall(env: env, principal: principal, parameters: parameters, retries: retries))
            } catch {
                guard let token = SMSActivateAnswers.token(for: error) else { throw error }
                return CompatResponse.text(token)
            }
        }
    }
}
