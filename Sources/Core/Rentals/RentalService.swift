#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The rental rules (R1, R4, R5): buy at the quoted price or less, receive SMS, cancel, finish, and
/// settle every order exactly once with an automatic refund when no SMS came.
public struct RentalService: Sendable {
    public let store: any RentalStore
    /// Providers in the order they are tried; an order remembers which one leased its number.
    public let providers: [NumberProvider]
    public let clock: Clock
    public let policy: OrderPolicy
    public let maxActiveOrders: Int
    /// Told the provider's name each time one fails to answer (timeout, garbage): the metrics count them.
    public var onProviderError: @Sendable (String) -> Void = { _ in }

    public init(store: any RentalStore, providers: [NumberProvider], clock: Clock, policy: OrderPolicy, maxActiveOrders: Int = 20) {
        precondition(!providers.isEmpty, "at least one number provider")
        self.store = store
        self.providers = providers
        self.clock = clock
        self.policy = policy
        self.maxActiveOrders = maxActiveOrders
    }

    public init(store: any RentalStore, provider: NumberProvider, clock: Clock, policy: OrderPolicy, maxActiveOrders: Int = 20) {
        self.init(store: store, providers: [provider], clock: clock, policy: policy, maxActiveOrders: maxActiveOrders)
    }

    /// Buys a number: quote and checks (balance included, so an order that cannot be paid never leases),
    /// a lease from the first provider that has a number, then charge and record the order in one
    /// transaction. If the charge fails (balance, a limit reached meanwhile) the lease is released. A
    /// provider that fails (timeout, garbage) makes the next one be tried; if none could answer, the
    /// purchase is recorded as a `failed` order, charged and refunded in one transaction (so the caller
    /// sees it in the order history with `refunded: true`), and the caller gets `providerFailed`.
    /// `idempotencyKey`: the reserved key of the request, if any; the order is recorded against it in the
    /// purchase's transaction, so a retry after a crash finds this order instead of buying another.
    public func buy(accountID: String, service serviceCode: String, country iso: String, operator op: String?, maxPrice: Int64?,
                    idempotencyKey: String? = nil) throws -> Order {
        let op = op ?? "any"
        let (country, service, price) = try store.read { db -> (Country, Service, Price) in
            guard let country = try db.country(iso) else { throw RentalError.unknownCountry(iso) }
            guard let service = try db.service(serviceCode) else { throw RentalError.unknownService(serviceCode) }
            guard let price = try db.price(country: iso, service: serviceCode, operator: op), price.stock > 0 else { throw RentalError.noNumbers }
            guard try db.activeOrderCount(accountID: accountID) < maxActiveOrders else { throw RentalError.tooManyActiveOrders(limit: maxActiveOrders) }
            if let maxPrice, price.sellPrice > maxPrice { throw RentalError.priceAboveMax(price: price.sellPrice) }
            let balance = try db.balance(accountID: accountID)
            guard balance >= price.sellPrice else { throw MoneyError.insufficientBalance(balance: balance, needed: price.sellPrice) }
            return (country, service, price)
        }
        let provider: NumberProvider, lease: Lease
        do {
            (provider, lease) = try self.lease(LeaseRequest(country: country, service: service, operator: op, maxCost: price.sellPrice))
        } catch let failure as ProvidersFailed {
            let id = try recordFailedPurchase(accountID: accountID, service: service, country: country, operator: op,
                                              price: price.sellPrice, provider: failure.provider)
            throw RentalError.providerFailed(orderID: id)
        }
        let now = clock.now()
        let window = provider.windows.window(for: service.code) ?? policy.rentalWindow
        do {
            return try store.write { db in
                // Re-checked inside the transaction: two concurrent purchases cannot both pass the limit.
                guard try db.activeOrderCount(accountID: accountID) < maxActiveOrders else { throw RentalError.tooManyActiveOrders(limit: maxActiveOrders) }
                var order = Order(id: 0, accountID: accountID, service: service.code, country: country.iso, operator: op,
                                  provider: provider.name, providerOrderID: lease.providerOrderID, phone: lease.phone,
                                  price: price.sellPrice, state: .pending, createdAt: now, expiresAt: now.addingTimeInterval(window))
                order.id = try db.insertOrder(order)
                try Self.charge(db, order, memo: "\(service.name) \(country.iso) \(lease.phone)", at: now)
                if let idempotencyKey { try db.noteIdempotentResource(accountID: accountID, key: idempotencyKey, resource: "order:\(order.id)") }
                return order
            }
        } catch {
            provider.release(lease.providerOrderID, .failed)
            throw error
        }
    }

    /// Thrown by `lease` when no provider had a number and at least one of them failed to answer.
    private struct ProvidersFailed: Error {
        let provider: String
    }

    /// The first provider, in order, that leases a number.
    private func lease(_ request: LeaseRequest) throws -> (NumberProvider, Lease) {
        var failed: String?
        for provider in providers {
            do {
                return (provider, try provider.lease(request))
            } catch RentalError.noNumbers {
                continue
            } catch RentalError.providerUnavailable {
                onProviderError(provider.name)
                failed = failed ?? provider.name
            }
        }
        if let failed { throw ProvidersFailed(provider: failed) }
        throw RentalError.noNumbers
    }

    /// A purchase no provider could serve: a `failed` order without a number, its charge and its refund,
    /// all in one transaction, so the balance never moves and the attempt shows in the history. If the
    /// charge itself cannot be made any more (the balance was spent meanwhile) nothing is recorded and
    /// the caller gets plain `providerUnavailable`.
    private func recordFailedPurchase(accountID: String, service: Service, country: Country, operator op: String, price: Int64,
                                      provider: String) throws -> Int64 {
        let now = clock.now()
        do {
            return try store.write { db in
                var order = Order(id: 0, accountID: accountID, service: service.code, country: country.iso, operator: op,
                                  provider: provider, providerOrderID: "", phone: "", price: price, state: .pending,
                                  createdAt: now, expiresAt: now)
                order.id = try db.insertOrder(order)
                try Self.charge(db, order, memo: "\(service.name) \(country.iso), provider failed", at: now)
                guard try Self.settle(db, order, to: .failed, refund: true, at: now) else { throw RentalError.providerUnavailable }
                return order.id
            }
        } catch is MoneyError {
            throw RentalError.providerUnavailable
        }
    }

    /// The provider that leased `order`'s number (nil if it is no longer configured).
    func provider(of order: Order) -> NumberProvider? {
        providers.first { $0.name == order.provider }
    }

    /// The caller's order, settled first if its window has passed (a read can trigger settlement).
    public func order(id: Int64, accountID: String) throws -> Order {
        let order = try owned(id, accountID)
        guard !order.state.isFinal && clock.now() >= order.expiresAt else { return order }
        try apply(.clock(now: clock.now()), to: order)
        return try owned(id, accountID)
    }

    public func orders(accountID: String, state: OrderState?, before: Int64?, limit: Int) throws -> [Order] {
        try store.read { try $0.orders(accountID: accountID, state: state, before: before, limit: limit) }
    }

    public func messages(orderID: Int64, accountID: String) throws -> [SMSMessage] {
        _ = try owned(orderID, accountID)
        return try store.read { try $0.messages(orderID: orderID) }
    }

    public func cancel(id: Int64, accountID: String) throws -> Order {
        try apply(.cancelRequested(at: clock.now()), to: try owned(id, accountID))
        return try owned(id, accountID)
    }

    public func finish(id: Int64, accountID: String) throws -> Order {
        try apply(.finishRequested(at: clock.now()), to: try owned(id, accountID))
        return try owned(id, accountID)
    }

    public func resend(id: Int64, accountID: String) throws -> Order {
        let order = try owned(id, accountID)
        if try apply(.resendRequested(at: clock.now()), to: order) == .resend {
            try provider(of: order)?.requestAnotherSMS(order.providerOrderID)
        }
        return try owned(id, accountID)
    }

    /// An SMS for an order (from the provider, the simulator or an upstream webhook). Shown only if it
    /// settled the order as received or the order was already receiving; after the window it is not shown.
    @discardableResult
    public func receive(orderID: Int64, sender: String, text: String, at: Date) throws -> OrderTransition {
        guard let order = try store.read({ try $0.order(id: orderID) }) else { throw RentalError.notFound }
        return try apply(.smsArrived(at: at), to: order, message: SMSMessage(orderID: orderID, sender: sender, text: text,
                                                                                code: VerificationCode.extract(from: text), receivedAt: at))
    }

    /// An SMS from a provider, identified by the provider's name and its own order id.
    @discardableResult
    public func receive(provider: String, providerOrderID: String, sender: String, text: String, at: Date) throws -> OrderTransition {
        guard let order = try store.read({ try $0.order(provider: provider, providerOrderID: providerOrderID) }) else { throw RentalError.notFound }
        return try receive(orderID: order.id, sender: sender, text: text, at: at)
    }

    /// Settles every order whose window has passed (the in-process sweeper). Returns how many changed.
    @discardableResult
    public func sweep() throws -> Int {
        let now = clock.now()
        var settled = 0
        for order in try store.read({ try $0.dueOrders(now: now, limit: 500) }) {
            if case .settle = try apply(.clock(now: now), to: order) { settled += 1 }
        }
        return settled
    }

    private func owned(_ id: Int64, _ accountID: String) throws -> Order {
        guard let order = try store.read({ try $0.order(id: id) }), order.accountID == accountID else { throw RentalError.notFound }
        return order
    }

    /// Applies `OrderPolicy` inside one write transaction, deciding from the order as it is at that moment
    /// (the single writer serialises it against every other settlement): an SMS racing the expiry gets
    /// exactly one outcome. The conditional state change and the refund's unique ledger reference each
    /// make a double settlement impossible even so.
    @discardableResult
    func apply(_ event: OrderEvent, to order: Order, message: SMSMessage? = nil) throws -> OrderTransition {
        let now = clock.now()
        let (transition, current) = try store.write { db -> (OrderTransition, Order) in
            guard let current = try db.order(id: order.id) else { throw RentalError.notFound }
            let transition: OrderTransition
            do {
                transition = try policy.transition(state: current.state, createdAt: current.createdAt, expiresAt: current.expiresAt, event: event)
            } catch let error as OrderRuleError {
                throw RentalError.rule(error)
            }
            switch transition {
            case .unchanged, .resend:
                break
            case .keepReceiving:
                if let message { try db.insertMessage(message) }
            case .settle(let state, let refund):
                guard try Self.settle(db, current, to: state, refund: refund, at: now) else { return (.unchanged, current) }
                if state == .received, let message { try db.insertMessage(message) }
            }
            return (transition, current)
        }
        if case .settle(let state, _) = transition, state.isFinal { provider(of: current)?.release(current.providerOrderID, state) }
        return transition
    }

    /// Books an order's price against its account. The reference `order:<id>:charge` is unique in the
    /// ledger, so an order is charged at most once.
    static func charge(_ db: any RentalRecords, _ order: Order, memo: String, at now: Date) throws {
        _ = try db.post(Posting(accountID: order.accountID, kind: .rentalCharge, amount: -order.price,
                                reference: "order:\(order.id):charge", memo: memo), at: now)
    }

    /// Moves `order` from the state it was read in to `state` and books the refund if it has one
    /// (reference `order:<id>:refund`, unique: at most once). False, with nothing written, when another
    /// settlement got there first.
    static func settle(_ db: any RentalRecords, _ order: Order, to state: OrderState, refund: Bool, at now: Date) throws -> Bool {
        guard try db.transition(orderID: order.id, from: order.state, to: state, refunded: refund, at: now) else { return false }
        if refund {
            _ = try db.post(Posting(accountID: order.accountID, kind: .refund, amount: order.price,
                                    reference: "order:\(order.id):refund", memo: "\(state.rawValue) order \(order.id)"), at: now)
        }
        return true
    }
}
