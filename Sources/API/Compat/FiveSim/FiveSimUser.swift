import Core
import HTTP

/// 5sim's account endpoints: `/v1/user/profile`, `/v1/user/orders` and `/v1/user/payments` (histories with
/// 5sim's `limit`/`offset`/`reverse` paging and a `Total`).
enum FiveSimUser {
    /// `rating` is how many orders may be active at once (what 5sim's rating means); `id` a number derived
    /// from the account id (5sim ids are numbers); nothing is ever frozen (orders are paid at purchase).
    static func profile(_ env: AppEnvironment) -> Handler {
        FiveSim.user(env) { call in
            let account = call.principal.account
            let catalog = try CompatCatalog.load(env)
            let home = catalog.defaultCountry
            return CompatResponse.json(.object([
                ("id", .int(numericID(account.id))),
                ("email", .string(account.email)),
                ("vendor", .string("")),
                ("default_forwarding_number", .string("")),
                ("balance", .int(try env.money.balance(accountID: account.id))),
                ("rating", .int(env.rentals.maxActiveOrders)),
                ("default_country", .object([("name", .string(home?.fivesimName ?? "")), ("iso", .string(home?.iso.lowercased() ?? "")),
                                             ("prefix", .string(home.map { "+" + $0.dialCode } ?? ""))])),
                ("default_operator", .object([("name", .string("any"))])),
                ("frozen_balance", .int(0)),
            ]))
        }
    }

    /// `?category=activation` (required, as at 5sim): every order, newest first unless `reverse=false`.
    /// `hosting` lists nothing: SMSCode rents numbers per activation only.
    static func orders(_ env: AppEnvironment) -> Handler {
        FiveSim.user(env) { call in
            let category = call.request.queryValue("category")
            guard category == "activation" || category == "hosting" else { throw FiveSimRefusal.badCategory }
            let paging = try HistoryPaging(call.request)
            let all = category == "hosting" ? [] : try allPages(id: \.id) { before, limit in
                try env.rentals.orders(accountID: call.accountID, state: nil, before: before, limit: limit)
            }
            let catalog = try CompatCatalog.load(env)
            let rows = try paging.slice(all).map { order in
                FiveSimAnswers.order(order, country: catalog.country(iso: order.country), service: catalog.service(code: order.service),
                                     messages: try env.rentals.messages(orderID: order.id, accountID: call.accountID))
            }
            return CompatResponse.json(.object([("Data", .array(rows)), ("ProductNames", .array([])), ("Statuses", .array([])),
                                                ("Total", .int(all.count))]))
        }
    }

    /// The ledger as 5sim payments: `Amount` negative for purchases, `Balance` after the row.
    static func payments(_ env: AppEnvironment) -> Handler {
        FiveSim.user(env) { call in
            let paging = try HistoryPaging(call.request)
            let all = try allPages(id: \.id) { before, limit in try env.money.ledger(accountID: call.accountID, before: before, limit: limit) }
            let rows = paging.slice(all).map { entry in
                CompatJSON.object([("ID", .int(entry.id)), ("TypeName", .string(typeName(entry.kind))), ("ProviderName", .string("smscode")),
                                   ("Amount", .int(entry.amount)), ("Balance", .int(entry.balanceAfter)),
                                   ("CreatedAt", .string(CompatFormat.rfc3339(entry.createdAt)))])
            }
            let types = Set(all.map { typeName($0.kind) }).sorted().map { CompatJSON.object([("Name", .string($0))]) }
            return CompatResponse.json(.object([("Data", .array(rows)), ("PaymentTypes", .array(types)),
                                                ("PaymentProviders", .array(all.isEmpty ? [] : [.object([("Name", .string("smscode"))])])),
                                                ("Total", .int(all.count))]))
        }
    }

    /// 5sim's payment type names where one exists (`charge` = top-up, `buy` = purchase), else the ledger kind.
    static func typeName(_ kind: LedgerKind) -> String {
        switch kind {
        case .deposit: "charge"
        case .rentalCharge: "buy"
        default: kind.rawValue
        }
    }

    /// The first 13 hex digits of the account id as a number (below 2^53: exact in every JSON parser).
    static func numericID(_ accountID: String) -> Int64 {
        Int64(accountID.prefix(13), radix: 16) ?? 0
    }
}

/// `?limit=` (1–100, default 15), `?offset=`, `?reverse=` (default true: newest first), `?order=` (only
/// `id` is supported; anything else is refused).
struct HistoryPaging {
    let limit: Int
    let offset: Int
    let newestFirst: Bool

    init(_ request: Request) throws {
        func number(_ name: String, _ range: ClosedRange<Int>, default value: Int) throws -> Int {
            guard let text = request.queryValue(name) else { return value }
            guard let parsed = PlainNumber.parse(text).map(Int.init), range.contains(parsed) else { throw FiveSimRefusal.invalid(name) }
            return parsed
        }
        limit = try number("limit", 1...100, default: 15)
        offset = try number("offset", 0...1_000_000, default: 0)
        if let order = request.queryValue("order"), order != "id" { throw FiveSimRefusal.invalid("order") }
        guard let reverse = CompatFormat.flag(request.queryValue("reverse") ?? "true") else { throw FiveSimRefusal.invalid("reverse") }
        newestFirst = reverse
    }

    /// The page out of a newest-first list.
    func slice<T>(_ newestFirstItems: [T]) -> [T] {
        let ordered = newestFirst ? newestFirstItems : newestFirstItems.reversed()
        guard offset < ordered.count else { return [] }
        return Array(ordered[offset..<min(ordered.count, offset + limit)])
    }
}
