import Core
@testable import Payments
import Testing

/// The inquiry and transactionStatus requests we send, and how Duitku's answers map.
@Suite struct DuitkuRequestTests {
    static let request = PaymentRequest(orderID: "ORD-20260812-000001", amount: 150000, method: "SP", email: "user@example.com",
                                        description: "Top up saldo SMSCode", callbackURL: "https://smscode.example/api/v1/payments/duitku/callback",
                                        returnURL: "https://smscode.example/topup", lifetimeSeconds: 3601)

    static func client(_ transport: RecordingTransport, scheme: Duitku.SignatureScheme = .hmacSHA256) -> GatewayClient {
        Duitku.client(config: .init(baseURL: "https://sandbox.duitku.com/webapi/api/", merchantCode: "D1234", apiKey: "test-api-key-123",
                                    signature: scheme, allowMD5Callbacks: false),
                      digest: digest, http: transport.transport)
    }

    static let created = #"{"merchantCode":"D1234","reference":"D1234ABC","paymentUrl":"https://sandbox.duitku.com/pay/D1234ABC","vaNumber":"","qrString":"00020101021226","amount":"150000","statusCode":"00","statusMessage":"SUCCESS"}"#

    @Test func inquiryIsBuiltPerA3() throws {
        let transport = RecordingTransport(status: 200, body: Self.created)
        let instructions = try Self.client(transport).createPayment(Self.request)
        #expect(instructions == PaymentInstructions(reference: "D1234ABC", url: "https://sandbox.duitku.com/pay/D1234ABC",
                                                    vaNumber: nil, qrString: "00020101021226"))
        let sent = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(sent.url == "https://sandbox.duitku.com/webapi/api/merchant/v2/inquiry")
        #expect(sent.headers["Content-Type"] == "application/json")
        let body = try #require(sent.json)
        #expect(body["merchantCode"] == .string("D1234"))
        #expect(body["paymentAmount"] == .number("150000"))
        #expect(body["merchantOrderId"] == .string("ORD-20260812-000001"))
        #expect(body["paymentMethod"] == .string("SP"))
        #expect(body["email"] == .string("user@example.com"))
        #expect(body["productDetails"] == .string("Top up saldo SMSCode"))
        #expect(body["customerVaName"] == .string("SMSCode"))
        #expect(body["callbackUrl"] == .string("https://smscode.example/api/v1/payments/duitku/callback"))
        #expect(body["returnUrl"] == .string("https://smscode.example/topup"))
        #expect(body["expiryPeriod"] == .number("61")) // 3601 s rounds up to 61 minutes
        #expect(body["itemDetails"] == .array([.object(["name": .string("Top up saldo SMSCode"), "price": .number("150000"), "quantity": .number("1")])]))
        // HMAC-SHA256(merchantCode + merchantOrderId + paymentAmount), computed with Python's hmac.
        #expect(body["signature"] == .string("1ba5131aac76139c1d451de0a78c0bceeb774cce6fe6e6fb1d6033577eab2e7d"))
    }

    @Test func legacySchemeSignsInquiryAndStatusWithMD5() throws {
        let transport = RecordingTransport(status: 200, body: Self.created)
        _ = try Self.client(transport, scheme: .md5).createPayment(Self.request)
        #expect(transport.requests.first?.json?["signature"] == .string("a87d24bcf3eab1d7bdd18c8befac9d13"))
        let status = RecordingTransport(status: 200, body: #"{"merchantOrderId":"ORD-20260812-000001","reference":"R","amount":"150000","statusCode":"01"}"#)
        _ = try Self.client(status, scheme: .md5).confirm("ORD-20260812-000001")
        #expect(status.requests.first?.json?["signature"] == .string("31ab73761b468a12ee161e904680c604"))
    }

    @Test func transactionStatusIsBuiltPerA7AndMapped() throws {
        let transport = RecordingTransport(status: 200, body: #"{"merchantOrderId":"ORD-20260812-000001","reference":"D1234ABC","amount":"150000","fee":"0.00","statusCode":"00","statusMessage":"SUCCESS"}"#)
        let status = try Self.client(transport).confirm("ORD-20260812-000001")
        #expect(status == GatewayStatus(outcome: .paid, amount: 150000, reference: "D1234ABC"))
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "https://sandbox.duitku.com/webapi/api/merchant/transactionStatus")
        // payments.md A.2 status vector.
        #expect(sent.json == .object(["merchantCode": .string("D1234"), "merchantOrderId": .string("ORD-20260812-000001"),
                                      "signature": .string("303eb931235455e8af3ee873e3912351c7537122ef431775226413887ae5ad97")]))
    }

    @Test(arguments: [("00", PaymentOutcome.paid), ("01", .pending), ("02", .failed)])
    func statusCodesMap(code: String, outcome: PaymentOutcome) throws {
        let transport = RecordingTransport(status: 200, body: #"{"reference":"R","amount":150000,"statusCode":"\#(code)"}"#)
        #expect(try Self.client(transport).confirm("O").outcome == outcome)
    }

    @Test(arguments: [
        (400, #"{"Message":"Minimum Payment 10000 IDR"}"#, "Minimum Payment 10000 IDR"),
        (404, #"{"Message":"Payment channel not available"}"#, "Payment channel not available"),
        (409, "Payment amount must be equal to all item price", "Payment amount must be equal to all item price"),
        (200, #"{"statusCode":"01","statusMessage":"Transaction rejected"}"#, "Transaction rejected"),
    ])
    func refusalsAreRejectedWithDuitkusMessage(status: Int, body: String, message: String) {
        let transport = RecordingTransport(status: status, body: body)
        #expect(gatewayError { try Self.client(transport).createPayment(Self.request) } == .rejected(message))
    }

    @Test(arguments: [
        (401, #"{"Message":"Wrong signature"}"#), (500, "oops"), (502, "<html>bad gateway</html>"), (302, ""),
        (200, "not json"), (200, #"{"statusCode":"00"}"#), (200, #"{"statusCode":"00","reference":"R","amount":"1000"}"#),
        (200, #"{"statusCode":"00","reference":"R","statusCode":"00"}"#), (200, "[]"),
    ])
    func failuresAndGarbageAreUnavailable(status: Int, body: String) {
        let transport = RecordingTransport(status: status, body: body)
        #expect(gatewayError { try Self.client(transport).createPayment(Self.request) }?.isUnavailable == true)
    }

    @Test func missingMethodIsRejectedWithoutACall() {
        let transport = RecordingTransport(status: 200, body: Self.created)
        var request = Self.request
        request.method = nil
        #expect(gatewayError { try Self.client(transport).createPayment(request) }?.isRejected == true)
        #expect(transport.requests.isEmpty)
    }

    @Test(arguments: [
        (200, #"{"statusCode":"03","amount":"1","reference":"R"}"#), (200, #"{"statusCode":"00","reference":"R"}"#),
        (200, #"{"statusCode":"00","amount":"15000.5","reference":"R"}"#), (200, "garbage"), (400, #"{"Message":"x"}"#),
        (200, #"{"merchantOrderId":"OTHER","statusCode":"00","amount":"1","reference":"R"}"#),
    ])
    func statusGarbageIsUnavailable(status: Int, body: String) {
        let transport = RecordingTransport(status: status, body: body)
        #expect(gatewayError { try Self.client(transport).confirm("O") }?.isUnavailable == true)
    }

    @Test func networkFailureIsUnavailable() {
        struct Boom: Error {}
        let transport = RecordingTransport { _ in throw Boom() }
        #expect(gatewayError { try Self.client(transport).confirm("O") }?.isUnavailable == true)
    }
}
