import Core
import Foundation
@testable import Payments
import Testing

/// payments.md B.4: the raw-bytes check, its vector, and the refusals.
@Suite struct HeleketWebhookTests {
    static let key = "TestPaymentKey0123456789abcdefXYZ"
    /// The B.4 unsigned body; its sign is `fc59ec015f47c84a56e74c1b1ddbd2b2`.
    static let unsigned = #"{"type":"payment","uuid":"1ec87133-b22d-4643-988f-cac29a6ac85d","order_id":"TOPUP-42","amount":"15000","status":"paid","is_final":true,"additional_data":"user 7 \/ https:\/\/smscode.example\/topup"}"#
    static let sign = "fc59ec015f47c84a56e74c1b1ddbd2b2"
    static let signed = String(unsigned.dropLast()) + #","sign":"\#(sign)"}"#
    /// `heleket_webhook.py --dry-run` output: every field, non-ASCII, nulls and a nested object.
    static let full = #"{"type":"payment","uuid":"b6c2c3a0-0000-4000-8000-000000000001","order_id":"TOPUP-43","amount":"20000","payment_amount":"1.29230769","payment_amount_usd":"1.29","merchant_amount":"1.26646153","commission":"0.02584615","is_final":true,"status":"paid_over","from":"Tfrom","wallet_address_uuid":null,"network":"tron","currency":"IDR","payer_currency":"USDT","payer_amount":"1.23076923","payer_amount_exchange_rate":"0.00006153","additional_data":"tóp-up \/ QR ✓","transfer_id":null,"convert":{"to_currency":"USDT","commission":null,"rate":"1.00000000","amount":"0.90000000"},"txid":"abc","sign":"36a8aa4d59121cb41464df01cd143a57"}"#

    static func client(key: String = key) -> GatewayClient {
        Heleket.client(config: .init(baseURL: "https://api.heleket.com", merchant: "m-uuid", apiKey: key), digest: digest,
                       http: RecordingTransport(status: 500, body: "").transport)
    }

    static func verify(_ body: String, contentType: String = "application/json", key: String = key) throws -> VerifiedCallback {
        try client(key: key).verifyCallback(Array(body.utf8), contentType)
    }

    @Test func requestSignFormulaMatchesTheVector() {
        #expect(Heleket.Config(baseURL: "", merchant: "", apiKey: Self.key).sign(Array(Self.unsigned.utf8)) == Self.sign)
    }

    @Test func b4VectorVerifies() throws {
        let verified = try Self.verify(Self.signed)
        #expect(verified == VerifiedCallback(gateway: .heleket, orderID: "TOPUP-42", amount: 15000, currency: "", outcome: .paid,
                                             reference: "1ec87133-b22d-4643-988f-cac29a6ac85d",
                                             eventKey: "1ec87133-b22d-4643-988f-cac29a6ac85d:paid"))
    }

    @Test func fullWebhookVerifies() throws {
        let verified = try Self.verify(Self.full, contentType: "application/json; charset=utf-8")
        #expect(verified.orderID == "TOPUP-43")
        #expect(verified.amount == 20000)
        #expect(verified.currency == "IDR")
        #expect(verified.outcome == .paid)
        #expect(verified.eventKey == "b6c2c3a0-0000-4000-8000-000000000001:paid_over")
    }

    @Test(arguments: ["first", "middle", "last", "spaced"])
    func signMayStandAnywhere(position: String) throws {
        let member = #""sign":"\#(Self.sign)""#
        let body: String
        switch position {
        case "first": body = "{" + member + "," + Self.unsigned.dropFirst()
        case "middle": body = Self.unsigned.replacingOccurrences(of: #","status""#, with: ",\(member),\"status\"")
        case "spaced": body = String(Self.unsigned.dropLast()) + #", "sign" : "\#(Self.sign)"}"#
        default: body = Self.signed
        }
        #expect(body.contains(Self.sign))
        #expect(try Self.verify(body).orderID == "TOPUP-42")
    }

    @Test(arguments: [
        ("amount", #""amount":"15000""#, #""amount":"1500000""#),
        ("status", #""status":"paid""#, #""status":"paid_over""#),
        ("slash unescaped by a proxy", #"user 7 \/ https"#, "user 7 / https"),
        ("order", "TOPUP-42", "TOPUP-43"),
        ("sign", heleketVectorSign, "fc59ec015f47c84a56e74c1b1ddbd2b3"),
        ("sign uppercase", heleketVectorSign, heleketVectorSign.uppercased()),
        ("sign missing", #","sign":"\#(heleketVectorSign)""#, ""),
        ("duplicate amount after signing", #""is_final":true"#, #""is_final":true,"amount":"1""#),
    ])
    func tamperedWebhooksAreUnauthenticated(name: String, find: String, replace: String) {
        let body = Self.signed.replacingOccurrences(of: find, with: replace)
        #expect(body != Self.signed, "\(name): fixture did not change")
        #expect(unauthenticatedReason { try Self.verify(body) } != nil, "\(name)")
    }



    /// A correctly signed payout webhook on the payment endpoint is acknowledged but can never credit:
    /// it verifies as a pending, zero-amount event (scenarios.sh expects 200 for it).
    @Test func signedPayoutWebhooksAreAcknowledgedAndIgnored() throws {
        let unsignedBody = #"{"type":"payout","uuid":"u","order_id":"O","amount":"15000","status":"paid"}"#
        let sign = Heleket.Config(baseURL: "", merchant: "", apiKey: Self.key).sign(Array(unsignedBody.utf8))
        let verified = try Self.verify(String(unsignedBody.dropLast()) + #","sign":"\#(sign)"}"#)
        #expect(verified.outcome == .pending)
        #expect(verified.amount == 0)
        #expect(verified.eventKey == "payout")
    }

    /// Signed bodies (valid signature) that are still refused: duplicate keys, two signs, bad amounts.
    @Test(arguments: [
        #"{"type":"payment","uuid":"u","order_id":"O","amount":"15000","amount":"1","status":"paid"}"#,
        #"{"type":"payment","uuid":"u","order_id":"O","amount":"15000.50","status":"paid"}"#,
        #"{"type":"payment","uuid":"u","order_id":"O","amount":15000,"status":"paid"}"#,
        #"{"type":"payment","uuid":"u","order_id":"O","status":"paid"}"#,
        #"{"type":"payment","uuid":"u","order_id":"O","amount":"15000","status":"paid","currency":5}"#,
        #"{"type":"payment","uuid":"u","order_id":"O","amount":"15000","status":"paid",}"#,
        #"{"type":"payment","uuid":"u","order_id":"O","amount":"15000","status":"paid","convert":{"sign":"00000000000000000000000000000000"}}"#,
    ])
    func signedButUnacceptableBodiesAreRefused(unsignedBody: String) {
        let sign = Heleket.Config(baseURL: "", merchant: "", apiKey: Self.key).sign(Array(unsignedBody.utf8))
        let body = String(unsignedBody.dropLast()) + #","sign":"\#(sign)"}"#
        #expect(unauthenticatedReason { try Self.verify(body) } != nil)
    }

    @Test func wrongKeyAndWrongContentTypeAreRefused() {
        #expect(unauthenticatedReason { try Self.verify(Self.signed, key: "another-key") } == "bad signature")
        #expect(unauthenticatedReason { try Self.verify(Self.signed, contentType: "application/x-www-form-urlencoded") } != nil)
    }

    @Test(arguments: [
        ("paid", true, PaymentOutcome.paid), ("paid_over", true, .paid), ("paid", false, .pending),
        ("cancel", true, .expired), ("fail", true, .failed), ("system_fail", true, .failed), ("wrong_amount", true, .failed),
        ("check", false, .pending), ("confirm_check", false, .pending), ("locked", true, .pending), ("refund_paid", true, .pending),
    ])
    func statusesMapPerB3(status: String, isFinal: Bool, outcome: PaymentOutcome) throws {
        let unsignedBody = #"{"type":"wallet","uuid":"u","order_id":"O","amount":"15000.00","status":"\#(status)","is_final":\#(isFinal),"currency":"IDR"}"#
        let sign = Heleket.Config(baseURL: "", merchant: "", apiKey: Self.key).sign(Array(unsignedBody.utf8))
        let verified = try Self.verify(String(unsignedBody.dropLast()) + #","sign":"\#(sign)"}"#)
        #expect(verified.outcome == outcome)
        #expect(verified.amount == 15000)
        #expect(verified.eventKey == "u:\(status)")
    }
}

let heleketVectorSign = "fc59ec015f47c84a56e74c1b1ddbd2b2"
