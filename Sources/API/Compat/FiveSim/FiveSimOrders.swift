import Core
import HTTP

/// 5sim's order endpoints: buy, check, finish, cancel, ban, reuse and the SMS inbox, each one RentalService
/// purchase, action or read.
enum FiveSimOrders {
    /// The product 5sim's hosting category sells and what SMSCode serves for it: a rental for "any other
    /// service" (`ot`) with the usual window, whatever the duration named (long-term rent is not offered).
    static let hostingProducts: Set<String> = ["3hours", "1day", "10days"]
    static let hostingService = "ot"

    /// `GET /v1/user/buy/{activation|hosting}/{country}/{operator}/{product}`. `maxPrice` is honoured (never
    /// charged more); `country` `any` buys in the cheapest country with stock. Forwarding and voice calls are
    /// refused (not offered); `reuse=1` is accepted but a number is never sold twice for one service.
    static func buy(_ env: AppEnvironment) -> Handler {
        FiveSim.user(env) { call in
            let request = call.request
            let catalog = try CompatCatalog.load(env)
            let (countries, op) = try FiveSimNames.place(request, catalog, operators: try env.catalog.operators())
            let product = request.pathParameters["product"] ?? ""
            let service: Service?
            switch request.pathParameters["category"] {
            case "activation": service = catalog.service(fivesimName: product)
            case "hosting": service = hostingProducts.contains(product) ? catalog.service(code: hostingService) : nil
            default: throw FiveSimRefusal.badCategory
            }
            guard let service else { throw FiveSimRefusal.badProduct }
            if CompatFormat.flag(request.queryValue("forwarding")) == true { throw FiveSimRefusal.unsupported("forwarding") }
            if CompatFormat.flag(request.queryValue("voice")) == true { throw FiveSimRefusal.unsupported("voice") }
            var maxPrice: Int64?
            if let text = request.queryValue("maxPrice"), !text.isEmpty {
                guard let value = CompatFormat.wholeRupiah(text) else { throw FiveSimRefusal.invalid("maxPrice") }
                maxPrice = value
            }
            try env.accounts.requireVerified(call.principal.account)
            let country = try countries.count == 1 ? countries[0] : cheapest(env, countries, service: service, operator: op, maxPrice: maxPrice)
            let order = try env.rentals.buy(accountID: call.accountID, service: service.code, country: country.iso,
                                            operator: op == "any" ? nil : op, maxPrice: maxPrice)
            return CompatResponse.json(FiveSimAnswers.order(order, country: country, service: service, messages: nil))
        }
    }

    /// For country `any`: the country with stock at the lowest price (within `maxPrice`), catalog order on ties.
    static func cheapest(_ env: AppEnvironment, _ countries: [Country], service: Service, operator op: String, maxPrice: Int64?) throws -> Country {
        let offers = try env.catalog.prices(country: nil, service: service.code)
            .filter { price in price.operator == op && price.stock > 0 && (maxPrice.map { price.sellPrice <= $0 } ?? true) }
        guard let best = offers.enumerated().min(by: { ($0.element.sellPrice, $0.offset) < ($1.element.sellPrice, $1.offset) })?.element,
              let country = countries.first(where: { $0.iso == best.country }) else { throw FiveSimRefusal.noFreePhones }
        return country
    }

    static func check(_ env: AppEnvironment) -> Handler {
        FiveSim.user(env) { call in
            do {
                return try call.render(try call.order())
            } catch RentalError.notFound {
                return CompatResponse.text("order not found", status: 404)  // 404 on check, 400 on the actions
            }
        }
    }

    static func finish(_ env: AppEnvironment) -> Handler {
        action(env) { call, order in try env.rentals.finish(id: order.id, accountID: call.accountID) }
    }

    /// Cancel and ban are one refunded cancellation in SMSCode (a ban is "this number was already used"):
    /// the same hold, the same budget as `POST /api/v1/orders/{id}/cancel`. The answer to a ban says
    /// `BANNED`; later reads of the order say `CANCELED`.
    static func cancel(_ env: AppEnvironment, ban: Bool) -> Handler {
        action(env, status: ban ? "BANNED" : nil) { call, order in
            try RateLimits.charge(env, key: "account:" + call.accountID, budget: RateLimits.cancels)
            let after = try env.rentals.cancel(id: order.id, accountID: call.accountID)
            guard after.state == .canceled else { throw RentalError.rule(.notCancelable) }   // expired meanwhile: refunded as TIMEOUT
            return after
        }
    }

    static func action(_ env: AppEnvironment, status: String? = nil, _ perform: @escaping @Sendable (FiveSimCall, Order) throws -> Order) -> Handler {
        FiveSim.user(env) { call in
            let order = try call.order()
            do {
                return try call.render(try perform(call, order), status: status)
            } catch {
                guard let refusal = FiveSimAnswers.refusal(for: error, order: order) else { throw error }
                return CompatResponse.text(refusal.text, status: refusal.status)
            }
        }
    }

    /// `GET /v1/user/reuse/{product}/{number}`: never possible. Numbers are leased at random from the
    /// providers, and one number never serves the same service twice (Terms of Service §5).
    static func reuse(_ env: AppEnvironment) -> Handler {
        FiveSim.user(env) { _ in throw FiveSimRefusal.reuseNotPossible }
    }

    /// `GET /v1/user/sms/inbox/{id}`: every SMS of an order (5sim has it for hosting orders; here any order).
    static func inbox(_ env: AppEnvironment) -> Handler {
        FiveSim.user(env) { call in
            let order = try call.order()
            let messages = try env.rentals.messages(orderID: order.id, accountID: call.accountID)
            let rows = messages.enumerated().map { index, message in
                CompatJSON.object([("ID", .int(index + 1))] + FiveSimAnswers.sms(message) + [("is_wave", .bool(false)), ("wave_uuid", .string(""))])
            }
            return CompatResponse.json(.object([("Data", .array(rows)), ("Total", .int(rows.count))]))
        }
    }
}
