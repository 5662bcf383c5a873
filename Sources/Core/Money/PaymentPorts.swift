#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The payment gateways a deposit can go through (R4). `sandbox` is the built-in one for `make run`
/// and tests: its callbacks are signed and verified exactly like a real gateway's.
public enum PaymentGateway: String, Sendable, Codable, CaseIterable {
    case duitku, heleket, sandbox
}

/// What we ask a gateway for: one payment of `amount` rupiah for our order id.
public struct PaymentRequest: Sendable, Equatable {
    /// Our order id: ≤ 32 characters of `[A-Za-z0-9-]` (Heleket's test webhook caps it at 32).
    public var orderID: String
    public var amount: Int64
    /// The gateway's payment method code (Duitku: `VA`, `BC`, `SP`, …; Heleket/sandbox: nil).
    public var method: String?
    public var email: String
    public var description: String
    public var callbackURL: String
    public var returnURL: String
    public var lifetimeSeconds: Int

    public init(orderID: String, amount: Int64, method: String?, email: String, description: String,
                callbackURL: String, returnURL: String, lifetimeSeconds: Int) {
        self.orderID = orderID
        self.amount = amount
        self.method = method
        self.email = email
        self.description = description
        self.callbackURL = callbackURL
        self.returnURL = returnURL
        self.lifetimeSeconds = lifetimeSeconds
    }
}

/// What the gateway answered: how the user pays.
public struct PaymentInstructions: Sendable, Equatable {
    /// The gateway's own id for the payment (Duitku `reference`, Heleket `uuid`).
    public var reference: String
    public var url: String?
    public var vaNumber: String?
    public var qrString: String?

    public init(reference: String, url: String? = nil, vaNumber: String? = nil, qrString: String? = nil) {
        self.reference = reference
        self.url = url
        self.vaNumber = vaNumber
        self.qrString = qrString
    }
}

/// A gateway's verdict on a payment, from a callback or from its status API.
public enum PaymentOutcome: String, Sendable, Equatable {
    case paid, pending, failed, expired
}

/// A callback whose signature checked out, in gateway-neutral terms. Nothing unverified becomes one.
public struct VerifiedCallback: Sendable, Equatable {
    public var gateway: PaymentGateway
    public var orderID: String
    /// The amount the callback states, in whole rupiah (compared with the stored deposit).
    public var amount: Int64
    public var currency: String
    public var outcome: PaymentOutcome
    public var reference: String
    /// Identifies this event for de-duplication (e.g. Heleket `uuid:status`).
    public var eventKey: String

    public init(gateway: PaymentGateway, orderID: String, amount: Int64, currency: String, outcome: PaymentOutcome,
                reference: String, eventKey: String) {
        self.gateway = gateway
        self.orderID = orderID
        self.amount = amount
        self.currency = currency
        self.outcome = outcome
        self.reference = reference
        self.eventKey = eventKey
    }
}

/// What the gateway's status API says about an order (confirmation before crediting).
public struct GatewayStatus: Sendable, Equatable {
    public var outcome: PaymentOutcome
    public var amount: Int64
    public var reference: String

    public init(outcome: PaymentOutcome, amount: Int64, reference: String) {
        self.outcome = outcome
        self.amount = amount
        self.reference = reference
    }
}

public enum GatewayError: Error, Equatable, Sendable {
    /// The callback failed authentication (signature, merchant, shape): answer 400, change nothing.
    case unauthenticated(String)
    /// The gateway refused our request (its message is shown to the user).
    case rejected(String)
    /// The gateway could not be reached or answered garbage.
    case unavailable(String)
}

/// One payment gateway: create payments, confirm them, verify their callbacks.
/// Live implementations speak HTTP to Duitku/Heleket; tests point them at local fakes.
public struct GatewayClient: Sendable {
    public var gateway: PaymentGateway
    public var createPayment: @Sendable (PaymentRequest) throws -> PaymentInstructions
    public var confirm: @Sendable (_ orderID: String) throws -> GatewayStatus
    /// Verifies a callback over the exact bytes received; throws `GatewayError.unauthenticated` otherwise.
    public var verifyCallback: @Sendable (_ body: [UInt8], _ contentType: String) throws -> VerifiedCallback
    /// The body to answer an authenticated callback with (Duitku: `SUCCESS`).
    public var acknowledgement: String

    public init(gateway: PaymentGateway,
                createPayment: @escaping @Sendable (PaymentRequest) throws -> PaymentInstructions,
                confirm: @escaping @Sendable (String) throws -> GatewayStatus,
                verifyCallback: @escaping @Sendable ([UInt8], String) throws -> VerifiedCallback,
                acknowledgement: String) {
        self.gateway = gateway
        self.createPayment = createPayment
        self.confirm = confirm
        self.verifyCallback = verifyCallback
        self.acknowledgement = acknowledgement
    }
}
