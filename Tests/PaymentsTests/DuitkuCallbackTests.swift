import Foundation
import Core
@testable import Payments
import Testing

/// payments.md A.2 / A.6 vectors and the failure matrix of scenarios.sh.
@Suite struct DuitkuCallbackTests {
    static let form = "application/x-www-form-urlencoded"
    /// HMAC vector: key `test-api-key-123`, merchant D1234, amount 150000, order ORD-20260812-000001; the
    /// body is `duitku_callback.py --dry-run` output (note the encoded productDetail).
    static let hmacBody = "merchantCode=D1234&amount=150000&merchantOrderId=ORD-20260812-000001&productDetail=Top+up+saldo+Rp+150.000+%26+bonus%3D%2B1+%C3%BC&additionalParam=&paymentCode=SP&resultCode=00&merchantUserId=&reference=D1234REF0001&signature=b0a4797cda909f0140e84582b0b89d7abd5a330fe63cbd98fa3df2edd1a729bf&publisherOrderId=PUB1&spUserHash=&settlementDate=2026-08-13&issuerCode="
    /// Legacy MD5 vector from duitku-php's own fixture: D0001, 10000, order 12345.
    static let md5Body = "merchantCode=D0001&amount=10000&merchantOrderId=12345&productDetail=Top+up+saldo+SMSCode&additionalParam=&paymentCode=SP&resultCode=01&merchantUserId=&reference=D0001REF&signature=4104f20a70c933113c66c004fe25a9f1&publisherOrderId=PUB2&spUserHash=&settlementDate=2026-08-13&issuerCode="

    static func client(merchant: String = "D1234", key: String = "test-api-key-123", allowMD5: Bool = true) -> GatewayClient {
        let transport = RecordingTransport(status: 500, body: "")
        return Duitku.client(config: .init(baseURL: "https://sandbox.duitku.com/webapi/api", merchantCode: merchant, apiKey: key,
                                           signature: .hmacSHA256, allowMD5Callbacks: allowMD5),
                             digest: digest, http: transport.transport)
    }

    static let md5Client = client(merchant: "D0001", key: "732B39FC61796845775D2C4FB05332AF")

    @Test func hmacVectorVerifies() throws {
        let verified = try Self.client().verifyCallback(Array(Self.hmacBody.utf8), Self.form)
        #expect(verified == VerifiedCallback(gateway: .duitku, orderID: "ORD-20260812-000001", amount: 150000, currency: "IDR",
                                             outcome: .paid, reference: "D1234REF0001", eventKey: "D1234REF0001:00"))
        #expect(Self.client().acknowledgement == "SUCCESS")
    }

    @Test func legacyMD5VectorVerifiesWhenAllowed() throws {
        let verified = try Self.md5Client.verifyCallback(Array(Self.md5Body.utf8), "application/x-www-form-urlencoded; charset=UTF-8")
        #expect(verified.outcome == .failed)
        #expect(verified.amount == 10000)
        #expect(verified.eventKey == "D0001REF:01")
    }

    @Test func md5IsRefusedWhenDisallowed() {
        let strict = Self.client(merchant: "D0001", key: "732B39FC61796845775D2C4FB05332AF", allowMD5: false)
        #expect(unauthenticatedReason { try strict.verifyCallback(Array(Self.md5Body.utf8), Self.form) } != nil)
    }

    @Test func uppercaseHexIsTheSameSignature() throws {
        let body = Self.hmacBody.replacingOccurrences(of: "b0a4797cda909f0140e84582b0b89d7abd5a330fe63cbd98fa3df2edd1a729bf",
                                                      with: "B0A4797CDA909F0140E84582B0B89D7ABD5A330FE63CBD98FA3DF2EDD1A729BF")
        #expect(try Self.client().verifyCallback(Array(body.utf8), Self.form).amount == 150000)
    }

    @Test(arguments: [
        ("wrong signature", "signature=b0a4797c", "signature=b0a4797d"),
        ("amount tampered", "amount=150000", "amount=15000000"),
        ("amount reformatted after signing", "amount=150000", "amount=150000.00"),
        ("order swapped", "merchantOrderId=ORD-20260812-000001", "merchantOrderId=ORD-20260812-000002"),
        ("wrong merchant", "merchantCode=D1234", "merchantCode=D9999"),
        ("missing signature", "&signature=b0a4797cda909f0140e84582b0b89d7abd5a330fe63cbd98fa3df2edd1a729bf", ""),
        ("missing amount", "amount=150000&", ""),
        ("missing reference", "reference=D1234REF0001&", ""),
        ("empty resultCode", "resultCode=00", "resultCode="),
        ("unknown resultCode", "resultCode=00", "resultCode=02"),
        ("short signature", "signature=b0a4797cda909f0140e84582b0b89d7abd5a330fe63cbd98fa3df2edd1a729bf", "signature=b0a4797c"),
        ("non-hex signature", "signature=b0a4797c", "signature=z0a4797c"),
        ("duplicate amount", "&issuerCode=", "&issuerCode=&amount=1"),
        ("broken escape", "&issuerCode=", "&issuerCode=%G1"),
    ])
    func tamperedCallbacksAreUnauthenticated(name: String, find: String, replace: String) {
        let body = Self.hmacBody.replacingOccurrences(of: find, with: replace)
        #expect(body != Self.hmacBody, "\(name): fixture did not change")
        #expect(unauthenticatedReason { try Self.client().verifyCallback(Array(body.utf8), Self.form) } != nil, "\(name)")
    }

    @Test func wrongKeyIsUnauthenticated() {
        let other = Self.client(key: "another-key")
        #expect(unauthenticatedReason { try other.verifyCallback(Array(Self.hmacBody.utf8), Self.form) } == "bad signature")
    }

    @Test func jsonContentTypeIsRefused() {
        #expect(unauthenticatedReason { try Self.client().verifyCallback(Array(Self.hmacBody.utf8), "application/json") } != nil)
    }

    @Test func signedDecimalAmountIsAcceptedAsWholeRupiah() throws {
        // Duitku might send "150000.00" (payments.md G.2); it is signed as received.
        let signature = Wire.hmacHex(digest, key: "test-api-key-123", message: "D1234150000.00ORD-1")
        let body = "merchantCode=D1234&amount=150000.00&merchantOrderId=ORD-1&resultCode=00&reference=R1&signature=\(signature)"
        #expect(try Self.client().verifyCallback(Array(body.utf8), Self.form).amount == 150000)
        let fractional = Wire.hmacHex(digest, key: "test-api-key-123", message: "D1234150000.50ORD-1")
        let bad = "merchantCode=D1234&amount=150000.50&merchantOrderId=ORD-1&resultCode=00&reference=R1&signature=\(fractional)"
        #expect(unauthenticatedReason { try Self.client().verifyCallback(Array(bad.utf8), Self.form) } == "the amount is not whole rupiah")
    }
}
