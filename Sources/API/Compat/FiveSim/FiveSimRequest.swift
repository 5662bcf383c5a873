import Core
import HTTP

/// What every 5sim handler shares: bearer authentication (401 with an empty body when it fails, as 5sim
/// does), the per-caller budget of the native API, and plain-text errors.
enum FiveSim {
    /// A user endpoint: authenticates, charges the caller's budget, runs `body`, renders refusals.
    static func user(_ env: AppEnvironment, _ body: @escaping @Sendable (FiveSimCall) throws -> Response) -> Handler {
        { request in
            // GET buys, finishes and cancels in this protocol: a HEAD (prefetchers, monitors) must not.
            guard request.method != "HEAD" else { throw HTTPError.methodNotAllowed(allowed: ["GET"]) }
            let principal: AccountService.Principal
            do {
                guard let header = request.headers["authorization"], header.hasPrefix("Bearer ") else { throw AccountError.unauthorized }
                principal = try env.accounts.authenticate(bearer: String(header.dropFirst(7)))
            } catch {
                guard let refusal = FiveSimAnswers.refusal(for: error) else { throw error }
                return CompatResponse.text(refusal.text, status: refusal.status)
            }
            do {
                try RateLimits.charge(env, key: Authenticator.principalKey(principal), budget: RateLimits.perCaller(env))
            } catch let error as HTTPError where error.status == 429 {
                return rateLimited(error, env)
            }
            return try guarded { try body(FiveSimCall(env: env, request: request, principal: principal)) }
        }
    }

    /// A guest endpoint (no authentication; nginx's per-IP limits apply), refusals rendered as text.
    static func guest(_ env: AppEnvironment, _ body: @escaping @Sendable (Request, CompatCatalog) throws -> Response) -> Handler {
        { request in try guarded { try body(request, try CompatCatalog.load(env)) } }
    }

    static func guarded(_ body: () throws -> Response) throws -> Response {
        do {
            return try body()
        } catch let error as HTTPError where error.status == 429 {
            var response = CompatResponse.text("too many requests", status: 429)
            response.headers += error.headers
            return response
        } catch {
            guard let refusal = FiveSimAnswers.refusal(for: error) else { throw error }
            return CompatResponse.text(refusal.text, status: refusal.status)
        }
    }

    static func rateLimited(_ error: HTTPError, _ env: AppEnvironment) -> Response {
        var response = CompatResponse.text("api limit is \(Int(env.callerRate)) requests per second", status: 429)
        response.headers += error.headers
        return response
    }
}

/// One authenticated 5sim call.
struct FiveSimCall {
    let env: AppEnvironment
    let request: Request
    let principal: AccountService.Principal

    var accountID: String { principal.account.id }

    /// The order named by the `{id}` path segment, of the caller; `order not found` otherwise.
    func order() throws -> Order {
        guard let text = request.pathParameters["id"], let id = PlainNumber.parse(text), id > 0 else { throw RentalError.notFound }
        return try env.rentals.order(id: id, accountID: accountID)
    }

    /// The order as 5sim shows it, with its messages (`sms` is a list, empty while none arrived).
    func render(_ order: Order, status: String? = nil) throws -> Response {
        let catalog = try CompatCatalog.load(env)
        let messages = try env.rentals.messages(orderID: order.id, accountID: accountID)
        return CompatResponse.json(FiveSimAnswers.order(order, country: catalog.country(iso: order.country),
                                                        service: catalog.service(code: order.service), messages: messages, status: status))
    }
}
