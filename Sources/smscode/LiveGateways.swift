import Core
import Crypto
import Payments
import Store

/// The live payment gateways from configuration: Duitku and Heleket over HTTP, and the sandbox (only
/// for a loopback BASE_URL, see `Configuration.sandboxEnabled`).
enum LiveGateways {
    static func clients(_ config: Configuration, store: SQLiteMoneyStore) throws -> (gateways: [PaymentGateway: GatewayClient], sandboxSigner: SandboxBank?) {
        let digest = Sodium.digest
        let scheme = Duitku.SignatureScheme(rawValue: config["DUITKU_SIGNATURE"]) ?? .hmacSHA256
        var gateways: [PaymentGateway: GatewayClient] = [
            .duitku: Duitku.client(config: .init(baseURL: config["DUITKU_BASE_URL"], merchantCode: config["DUITKU_MERCHANT_CODE"],
                                                 apiKey: config["DUITKU_API_KEY"], signature: scheme,
                                                 allowMD5Callbacks: config["DUITKU_MD5_CALLBACKS"] == "true"),
                                   digest: digest),
            .heleket: Heleket.client(config: .init(baseURL: config["HELEKET_BASE_URL"], merchant: config["HELEKET_MERCHANT"],
                                                   apiKey: config["HELEKET_API_KEY"]), digest: digest),
        ]
        guard config.sandboxEnabled else { return (gateways, nil) }
        let bank = SandboxBank(secret: try store.secret("sandbox_gateway"), digest: digest)
        gateways[.sandbox] = Sandbox.client(secret: bank.secret, baseURL: config.baseURL, digest: digest, confirm: bank.confirm)
        return (gateways, bank)
    }
}

/// The sandbox gateway's "bank": the pay page tells it what the payer did, it signs the callback, and
/// it answers the status API from what it recorded, as a real gateway would.
final class SandboxBank: @unchecked Sendable {
    let secret: [UInt8]
    private let digest: Digest
    private let lock = Lock()
    private var outcomes: [String: GatewayStatus] = [:]

    init(secret: [UInt8], digest: Digest) {
        self.secret = secret
        self.digest = digest
    }

    func sign(orderID: String, amount: Int64, outcome: PaymentOutcome) -> ([UInt8], String) {
        let reference = "SBX-" + orderID
        lock.withLock { outcomes[orderID] = GatewayStatus(outcome: outcome, amount: amount, reference: reference) }
        let signed = Sandbox.signedCallback(orderID: orderID, amount: amount, outcome: outcome, reference: reference, secret: secret, digest: digest)
        return (signed.body, signed.contentType)
    }

    @Sendable func confirm(_ orderID: String) throws -> GatewayStatus {
        guard let status = lock.withLock({ outcomes[orderID] }) else { throw GatewayError.unavailable("no sandbox payment for \(orderID)") }
        return status
    }
}
