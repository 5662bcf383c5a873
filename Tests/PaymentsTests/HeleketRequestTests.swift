import Core
@testable import Payments
import Testing

/// The signed invoice and info requests, and how Heleket's answers map.
@Suite struct HeleketRequestTests {
    static let key = "TestPaymentKey0123456789abcdefXYZ"
    static let request = PaymentRequest(orderID: "TOPUP-42", amount: 15000, method: nil, email: "user@example.com", description: "Top up",
                                        callbackURL: "https://smscode.example/api/v1/payments/heleket/webhook",
                                        returnURL: "https://smscode.example/topup", lifetimeSeconds: 3600)
    static let created = #"{"state":0,"result":{"uuid":"26109ba0-b05b-4ee0-93d1-fd62c822ce95","order_id":"TOPUP-42","amount":"15000.00","payment_status":"check","url":"https://pay.heleket.com/pay/26109ba0-b05b-4ee0-93d1-fd62c822ce95","expired_at":1700003600,"is_final":false,"additional_data":null,"currency":"IDR"}}"#

    static func client(_ transport: RecordingTransport) -> GatewayClient {
        Heleket.client(config: .init(baseURL: "https://api.heleket.com", merchant: "8b03432e-385b-4670-8d06-064591096795", apiKey: key),
                       digest: digest, http: transport.transport)
    }

    @Test func invoiceIsBuiltAndSignedPerB1B2() throws {
        let transport = RecordingTransport(status: 200, body: Self.created)
        let instructions = try Self.client(transport).createPayment(Self.request)
        #expect(instructions == PaymentInstructions(reference: "26109ba0-b05b-4ee0-93d1-fd62c822ce95",
                                                    url: "https://pay.heleket.com/pay/26109ba0-b05b-4ee0-93d1-fd62c822ce95"))
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "https://api.heleket.com/v1/payment")
        #expect(sent.headers["merchant"] == "8b03432e-385b-4670-8d06-064591096795")
        #expect(sent.headers["Content-Type"] == "application/json")
        #expect(sent.text == #"{"amount":"15000","currency":"IDR","is_payment_multiple":false,"lifetime":3600,"order_id":"TOPUP-42","url_callback":"https://smscode.example/api/v1/payments/heleket/webhook","url_return":"https://smscode.example/topup"}"#)
        // md5(base64(body) + key), computed with heleket_verify.sign in Python.
        #expect(sent.headers["sign"] == "c03ef6d3e6bcff69b36c247d9f5d0df7")
    }

    @Test(arguments: [(60, 300), (300, 300), (7200, 7200), (43200, 43200), (86400, 43200)])
    func lifetimeIsClamped(seconds: Int, sent: Int) throws {
        let transport = RecordingTransport(status: 200, body: Self.created)
        var request = Self.request
        request.lifetimeSeconds = seconds
        _ = try Self.client(transport).createPayment(request)
        #expect(transport.requests.first?.json?["lifetime"] == .number(String(sent)))
    }

    @Test func infoIsSignedAndMapped() throws {
        let transport = RecordingTransport(status: 200, body: #"{"state":0,"result":{"uuid":"U1","order_id":"TOPUP-42","amount":"15000.00","currency":"IDR","payment_status":"paid","status":"paid","is_final":true}}"#)
        let status = try Self.client(transport).confirm("TOPUP-42")
        #expect(status == GatewayStatus(outcome: .paid, amount: 15000, reference: "U1"))
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "https://api.heleket.com/v1/payment/info")
        #expect(sent.text == #"{"order_id":"TOPUP-42"}"#)
        #expect(sent.headers["sign"] == "2ced3390cdf8ee898d95ce04a5393138")
    }

    @Test(arguments: [
        ("paid", PaymentOutcome.paid), ("paid_over", .paid), ("cancel", .expired), ("fail", .failed), ("system_fail", .failed),
        ("wrong_amount", .failed), ("check", .pending), ("confirm_check", .pending), ("refund_process", .pending),
    ])
    func infoStatusesMap(status: String, outcome: PaymentOutcome) throws {
        let transport = RecordingTransport(status: 200, body: #"{"state":0,"result":{"uuid":"U","amount":"15000","payment_status":"\#(status)"}}"#)
        #expect(try Self.client(transport).confirm("TOPUP-42").outcome == outcome)
    }

    @Test func validationErrorsAreRejectedWithHeleketsMessages() {
        let transport = RecordingTransport(status: 422, body: #"{"state":1,"errors":{"currency":["The selected currency is invalid."],"amount":["Too small."]}}"#)
        #expect(gatewayError { try Self.client(transport).createPayment(Self.request) }
            == .rejected("amount: Too small.; currency: The selected currency is invalid."))
        let plain = RecordingTransport(status: 400, body: #"{"state":1,"message":"Merchant is blocked"}"#)
        #expect(gatewayError { try Self.client(plain).createPayment(Self.request) } == .rejected("Merchant is blocked"))
    }

    @Test(arguments: [
        (401, #"{"state":1,"message":"Unauthorized"}"#), (500, #"{"state":1,"message":"x"}"#), (503, "<html>"),
        (200, "garbage"), (200, #"{"state":0,"result":{"uuid":"U"}}"#), (200, #"{"state":0,"result":[]}"#),
        (200, #"{"state":0,"result":{"uuid":"U","url":"https://pay","order_id":"OTHER"}}"#), (404, "not found"),
        (200, #"{"state":0,"state":0,"result":{"uuid":"U","url":"https://pay"}}"#),
    ])
    func failuresAndGarbageAreUnavailable(status: Int, body: String) {
        let transport = RecordingTransport(status: status, body: body)
        #expect(gatewayError { try Self.client(transport).createPayment(Self.request) }?.isUnavailable == true)
    }

    @Test(arguments: [
        (200, #"{"state":0,"result":{"uuid":"U","amount":"15000.5","payment_status":"paid"}}"#),
        (200, #"{"state":0,"result":{"uuid":"U","amount":"1","currency":"USD","payment_status":"paid"}}"#),
        (200, #"{"state":0,"result":{"uuid":"U","amount":"1"}}"#),
        (200, #"{"state":0,"result":{"uuid":"U","order_id":"OTHER","amount":"1","payment_status":"paid"}}"#),
        (422, #"{"state":1,"errors":{"order_id":["not found"]}}"#), (500, ""),
    ])
    func infoGarbageIsUnavailable(status: Int, body: String) {
        let transport = RecordingTransport(status: status, body: body)
        #expect(gatewayError { try Self.client(transport).confirm("TOPUP-42") }?.isUnavailable == true)
    }
}
