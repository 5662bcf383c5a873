import Core
import Foundation
import Testing

/// A payment gateway for in-process tests of the money rules: callbacks are `key=value;…` strings
/// "signed" with a shared secret field, and the status API answers from a table the test controls.
/// (The real gateways' signature schemes are tested in PaymentsTests.)
final class TestGateway: @unchecked Sendable {
    static let secret = "test-secret"
    private let lock = NSLock()
    private var statuses: [String: GatewayStatus] = [:]
    private(set) var created: [PaymentRequest] = []
    var failCreation: GatewayError?

    func setStatus(_ orderID: String, _ status: GatewayStatus) {
        lock.withLock { statuses[orderID] = status }
    }

    static func callback(order: String, amount: Int64, status: String = "paid", reference: String = "REF1", key: String = secret) -> [UInt8] {
        Array("order=\(order);amount=\(amount);status=\(status);ref=\(reference);key=\(key)".utf8)
    }

    var client: GatewayClient {
        GatewayClient(
            gateway: .sandbox,
            createPayment: { request in
                try self.lock.withLock {
                    if let failure = self.failCreation { throw failure }
                    self.created.append(request)
                }
                return PaymentInstructions(reference: "REF-" + request.orderID, url: "https://pay.test/" + request.orderID)
            },
            confirm: { orderID in
                guard let status = self.lock.withLock({ self.statuses[orderID] }) else { throw GatewayError.unavailable("no status") }
                return status
            },
            verifyCallback: { body, contentType in
                guard contentType == "text/plain" else { throw GatewayError.unauthenticated("content type") }
                var fields: [String: String] = [:]
                for pair in String(decoding: body, as: UTF8.self).split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
                }
                guard fields["key"] == TestGateway.secret, let order = fields["order"], let amount = fields["amount"].flatMap({ Int64($0) }),
                      let status = fields["status"].flatMap(PaymentOutcome.init(rawValue:)), let reference = fields["ref"]
                else { throw GatewayError.unauthenticated("signature") }
                return VerifiedCallback(gateway: .sandbox, orderID: order, amount: amount, currency: "IDR", outcome: status,
                                        reference: reference, eventKey: reference + ":" + status.rawValue)
            },
            acknowledgement: "OK")
    }
}
