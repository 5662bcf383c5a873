#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// `/api/v1/orders`: renting a number, reading its code, cancelling and finishing (R1, R4, R5).
enum OrderHandlers {
    struct OrderResponse: Encodable {
        let order: Order

        enum Keys: String, CodingKey { case id, phone, service, country, `operator`, price, status, code, created_at, expires_at, refunded }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(String(order.id), forKey: .id)
            try c.encode(order.phone.isEmpty ? nil : order.phone, forKey: .phone) // null: a failed purchase leased no number
            try c.encode(order.service, forKey: .service)
            try c.encode(order.country, forKey: .country)
            try c.encode(order.operator, forKey: .operator)
            try c.encode(order.price, forKey: .price)
            try c.encode(order.state.rawValue, forKey: .status)
            try c.encode(order.code, forKey: .code) // null until a code arrives
            try c.encode(order.createdAt, forKey: .created_at)
            try c.encode(order.expiresAt, forKey: .expires_at)
            try c.encode(order.refunded, forKey: .refunded)
        }

        /// The same JSON `JSONEncoder` writes (sorted keys), rendered by hand: an order is what bots poll,
        /// and the encoder cost more CPU than the database reads behind it (a test compares both).
        var rendered: String {
            var out = #"{"code":"#
            if let code = order.code { JSONString.append(code, to: &out) } else { out += "null" }
            out += #","country":"#; JSONString.append(order.country, to: &out)
            out += #","created_at":""# + Timestamp.format(order.createdAt)
            out += #"","expires_at":""# + Timestamp.format(order.expiresAt)
            out += #"","id":""# + String(order.id)
            out += #"","operator":"#; JSONString.append(order.operator, to: &out)
            out += #","phone":"#
            if order.phone.isEmpty { out += "null" } else { JSONString.append(order.phone, to: &out) }
            out += #","price":"# + String(order.price)
            out += #","refunded":"# + (order.refunded ? "true" : "false")
            out += #","service":"#; JSONString.append(order.service, to: &out)
            out += #","status":""# + order.state.rawValue + #""}"#
            return out
        }

        func response(status: Int = 200) -> Response { .rawJSON(rendered, status: status) }
    }

    struct BuyBody: JSONBody {
        static let allowedKeys: Set<String> = ["service", "country", "operator", "max_price"]
        let service: String
        let country: String
        let `operator`: String?
        let max_price: Int64?
    }

    static func create(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            try env.accounts.requireVerified(principal.account)
            return try Idempotency.run(env, request, accountID: principal.account.id, recover: { resource in
                // `order:<id>`: the purchase a process killed before answering had made.
                guard resource.hasPrefix("order:"), let id = Int64(resource.dropFirst(6)) else { throw HTTPError.internalError }
                return OrderResponse(order: try env.rentals.order(id: id, accountID: principal.account.id)).response(status: 201)
            }) { key in
                let body = try request.decodeJSON(BuyBody.self)
                if let max = body.max_price, max < 1 { throw HTTPError.invalidRequest("max_price must be a positive whole number of rupiah.") }
                let order = try env.rentals.buy(accountID: principal.account.id, service: body.service, country: body.country.uppercased(),
                                                operator: body.operator, maxPrice: body.max_price, idempotencyKey: key)
                return OrderResponse(order: order).response(status: 201)
            }
        }
    }

    static func list(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let page = try Paging(request)
            let before = try page.idCursor()
            var state: OrderState?
            if let status = request.queryValue("status") {
                guard let parsed = OrderState(rawValue: status) else { throw HTTPError.invalidRequest("Unknown status '\(status)'.") }
                state = parsed
            }
            let orders = try env.rentals.orders(accountID: principal.account.id, state: state, before: before, limit: page.limit + 1)
            let items = orders.prefix(page.limit).map(OrderResponse.init)
            return try .json(ListPage(items: Array(items), nextCursor: orders.count > page.limit ? items.last.map { String($0.order.id) } : nil))
        }
    }

    static func show(_ env: AppEnvironment, waiters: WaitGate) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let id = try orderID(request)
            var wait = 0
            if let text = request.queryValue("wait") {
                guard let seconds = PlainNumber.parse(text).map(Int.init), (0...30).contains(seconds) else { throw HTTPError.invalidRequest("wait must be 0 to 30 seconds.") }
                wait = seconds
            }
            var order = try env.rentals.order(id: id, accountID: principal.account.id)
            // Long-poll: answer as soon as the order changes. Waiters are bounded so they can never hold
            // every FastCGI thread; past the bound the answer comes at once.
            if wait > 0, !order.state.isFinal, waiters.enter() {
                defer { waiters.leave() }
                let deadline = env.clock.now().addingTimeInterval(Double(wait))
                let start = order
                while env.clock.now() < deadline {
                    env.pause(0.25)
                    order = try env.rentals.order(id: id, accountID: principal.account.id)
                    if order.state != start.state || order.code != start.code { break }
                }
            }
            return OrderResponse(order: order).response()
        }
    }

    static func action(_ env: AppEnvironment, _ perform: @escaping @Sendable (RentalService, Int64, String) throws -> Order) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            return OrderResponse(order: try perform(env.rentals, try orderID(request), principal.account.id)).response()
        }
    }

    /// Cancel, with its own budget per account so leasing and dropping numbers cannot be abused.
    static func cancel(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            try RateLimits.charge(env, key: "account:" + principal.account.id, budget: RateLimits.cancels)
            return OrderResponse(order: try env.rentals.cancel(id: try orderID(request), accountID: principal.account.id)).response()
        }
    }

    struct Message: Encodable {
        let text: String
        let code: String?
        let sender: String
        let received_at: Date

        enum Keys: String, CodingKey { case text, code, sender, received_at }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(text, forKey: .text)
            try c.encode(code, forKey: .code)
            try c.encode(sender, forKey: .sender)
            try c.encode(received_at, forKey: .received_at)
        }
    }

    static func messages(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let messages = try env.rentals.messages(orderID: try orderID(request), accountID: principal.account.id)
            return try .json(ListPage(items: messages.map { Message(text: $0.text, code: $0.code, sender: $0.sender, received_at: $0.receivedAt) },
                                      nextCursor: nil))
        }
    }

    static func orderID(_ request: Request) throws -> Int64 {
        guard let text = request.pathParameters["id"], let id = PlainNumber.parse(text), id > 0 else { throw HTTPError.notFound("No such order.") }
        return id
    }
}

/// Bounds concurrent long-poll waiters (half the FastCGI threads by default).
final class WaitGate: @unchecked Sendable {
    private let lock = Lock()
    private var active = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func enter() -> Bool { lock.withLock { guard active < limit else { return false }; active += 1; return true } }
    func leave() { lock.withLock { active -= 1 } }
}
