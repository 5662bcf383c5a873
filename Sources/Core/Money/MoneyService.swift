#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The money rules (R4): the ledger, deposits and gateway callbacks. Every balance change is a ledger
/// row booked in the same transaction as the cached balance; credits happen exactly once.
public struct MoneyService: Sendable {
    public let store: any MoneyStore
    public let gateways: [PaymentGateway: GatewayClient]
    public let clock: Clock
    public let random: RandomSource
    public let settings: MoneySettings
    /// Optional source-address allowlists for callbacks (payments.md A.6, B.5); empty means any address.
    /// The signature stays the real gate.
    public let allowedCallbackAddresses: [PaymentGateway: Set<String>]
    /// The sandbox gateway's "bank": signs a callback for a deposit exactly as the sandbox verifier
    /// expects (body, content type). nil when the sandbox is disabled (production).
    public let sandboxSigner: (@Sendable (_ orderID: String, _ amount: Int64, _ outcome: PaymentOutcome) -> ([UInt8], String))?

    public init(store: any MoneyStore, gateways: [PaymentGateway: GatewayClient], clock: Clock, random: RandomSource,
                settings: MoneySettings, allowedCallbackAddresses: [PaymentGateway: Set<String>] = [:],
                sandboxSigner: (@Sendable (String, Int64, PaymentOutcome) -> ([UInt8], String))? = nil) {
        self.sandboxSigner = sandboxSigner
        self.store = store
        self.gateways = gateways
        self.clock = clock
        self.random = random
        self.settings = settings
        self.allowedCallbackAddresses = allowedCallbackAddresses
    }

    /// An operator's adjustment (demos, support): one ledger row with the reason as memo.
    @discardableResult
    public func adjust(accountID: String, amount: Int64, reason: String) throws -> LedgerEntry {
        guard amount != 0 else { throw MoneyError.invalidAmount }
        let posting = Posting(accountID: accountID, kind: .adjustment, amount: amount,
                              reference: "adjustment:" + random.hex(12), memo: reason)
        return try store.write { db in
            guard case .booked(let entry) = try db.post(posting, at: clock.now()) else { throw MoneyError.invalidAmount }
            return entry
        }
    }

    public func balance(accountID: String) throws -> Int64 {
        try store.read { try $0.balance(accountID: accountID) }
    }

    public func ledger(accountID: String, before: Int64?, limit: Int) throws -> [LedgerEntry] {
        try store.read { try $0.ledger(accountID: accountID, before: before, limit: limit) }
    }

    /// Recomputes every balance from the ledger; empty means the books are clean.
    public func audit() throws -> [AuditFinding] {
        try store.read { try $0.auditFindings() }
    }

    /// Opens a deposit: a pending row first (so a crash leaves a trace), then the gateway call, whose
    /// answer (VA number, QR string or payment URL) is stored and shown to the user.
    /// `idempotencyKey`: the reserved key of the request, if any; the finished deposit (with its payment
    /// instructions) is recorded against it, so a retry after a crash answers with this deposit.
    public func createDeposit(accountID: String, email: String, amount: Int64, gateway name: String, method: String?,
                              idempotencyKey: String? = nil) throws -> Deposit {
        guard let gatewayID = PaymentGateway(rawValue: name), let client = gateways[gatewayID] else {
            throw MoneyError.unknownGateway(name)
        }
        guard (settings.minimumDeposit...settings.maximumDeposit).contains(amount) else {
            throw MoneyError.amountOutOfRange(minimum: settings.minimumDeposit, maximum: settings.maximumDeposit)
        }
        let now = clock.now()
        var deposit = Deposit(id: "D" + random.hex(10).uppercased(), accountID: accountID, gateway: gatewayID, method: method,
                              amount: amount, state: .pending, payment: nil, createdAt: now,
                              expiresAt: now.addingTimeInterval(Double(settings.depositLifetimeSeconds)))
        try store.write { try $0.insertDeposit(deposit) }
        let request = PaymentRequest(orderID: deposit.id, amount: amount, method: method, email: email,
                                     description: "SMSCode top-up Rp \(amount)",
                                     callbackURL: settings.baseURL + "/api/v1/payments/\(gatewayID.rawValue)/" + (gatewayID == .heleket ? "webhook" : "callback"),
                                     returnURL: settings.baseURL + "/dashboard/deposits", lifetimeSeconds: settings.depositLifetimeSeconds)
        do {
            let payment = try client.createPayment(request)
            try store.write { db in
                try db.setPayment(depositID: deposit.id, payment)
                if let idempotencyKey { try db.noteIdempotentResource(accountID: accountID, key: idempotencyKey, resource: "deposit:\(deposit.id)") }
            }
            deposit.payment = payment
            return deposit
        } catch let error as GatewayError {
            _ = try store.write { try $0.settle(depositID: deposit.id, to: .failed, at: clock.now()) }
            switch error {
            case .rejected(let message): throw MoneyError.gatewayRejected(message)
            case .unavailable, .unauthenticated: throw MoneyError.gatewayUnavailable
            }
        }
    }

    public func deposit(id: String, accountID: String) throws -> Deposit {
        guard let deposit = try store.read({ try $0.deposit(id: id) }), deposit.accountID == accountID else { throw MoneyError.notFound }
        return deposit
    }

    public func deposits(accountID: String?, state: DepositState?, before: String?, limit: Int) throws -> [Deposit] {
        try store.read { try $0.deposits(accountID: accountID, state: state, before: before, limit: limit) }
    }

    /// Marks pending deposits past their lifetime as expired (the sweeper). A payment that still
    /// arrives later is credited all the same (see `handleCallback`).
    @discardableResult
    public func expireDeposits() throws -> Int {
        let now = clock.now()
        let due = try store.read { try $0.expiredPendingDeposits(now: now, limit: 500) }
        return try store.write { db in try due.filter { try db.settle(depositID: $0.id, to: .expired, at: now) }.count }
    }
}
