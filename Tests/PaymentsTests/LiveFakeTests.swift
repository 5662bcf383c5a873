import Core
import Foundation
@testable import Payments
import Testing

/// The live `URLSession` transport against the Python fakes in Tests/integration/fakes. Opt-in: start
/// `fake_duitku.py --port P --merchant DFAKE --api-key dkey` and `fake_heleket.py --port Q --merchant hfake
/// --api-key hkey`, then run with SMSCODE_FAKE_DUITKU=http://127.0.0.1:P SMSCODE_FAKE_HELEKET=http://127.0.0.1:Q.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SMSCODE_FAKE_DUITKU"] != nil
                 && ProcessInfo.processInfo.environment["SMSCODE_FAKE_HELEKET"] != nil))
struct LiveFakeTests {
    static let environment = ProcessInfo.processInfo.environment
    static let http = HTTPTransport.urlSession(timeout: 5)

    static func request(_ orderID: String, method: String?) -> PaymentRequest {
        PaymentRequest(orderID: orderID, amount: 15000, method: method, email: "user@example.com", description: "Top up saldo",
                       callbackURL: "http://127.0.0.1:1/callback", returnURL: "http://127.0.0.1:1/return", lifetimeSeconds: 3600)
    }

    @Test func duitkuRoundTrip() throws {
        let base = Self.environment["SMSCODE_FAKE_DUITKU"] ?? ""
        let client = Duitku.client(config: .init(baseURL: base, merchantCode: "DFAKE", apiKey: "dkey", signature: .hmacSHA256,
                                                 allowMD5Callbacks: false), digest: digest, http: Self.http)
        let orderID = "LIVE-" + UUID().uuidString.prefix(8)
        let instructions = try client.createPayment(Self.request(orderID, method: "SP"))
        #expect(instructions.qrString?.isEmpty == false)
        #expect(try client.confirm(orderID) == GatewayStatus(outcome: .pending, amount: 15000, reference: instructions.reference))
        var small = Self.request(orderID + "S", method: "BC")
        small.amount = 5000
        #expect(gatewayError { try client.createPayment(small) } == .rejected("Minimum Payment 10000 IDR"))
        let wrongKey = Duitku.client(config: .init(baseURL: base, merchantCode: "DFAKE", apiKey: "nope", signature: .hmacSHA256,
                                                   allowMD5Callbacks: false), digest: digest, http: Self.http)
        #expect(gatewayError { try wrongKey.confirm(orderID) }?.isUnavailable == true)
    }

    @Test func heleketRoundTrip() throws {
        let base = Self.environment["SMSCODE_FAKE_HELEKET"] ?? ""
        let client = Heleket.client(config: .init(baseURL: base, merchant: "hfake", apiKey: "hkey"), digest: digest, http: Self.http)
        let orderID = "LIVE-" + UUID().uuidString.prefix(8)
        let instructions = try client.createPayment(Self.request(orderID, method: nil))
        #expect(instructions.url?.hasSuffix(instructions.reference) == true)
        #expect(try client.confirm(orderID) == GatewayStatus(outcome: .pending, amount: 15000, reference: instructions.reference))
        let wrongKey = Heleket.client(config: .init(baseURL: base, merchant: "hfake", apiKey: "nope"), digest: digest, http: Self.http)
        #expect(gatewayError { try wrongKey.confirm(orderID) }?.isUnavailable == true)
    }

    @Test func refusedConnectionIsUnavailable() {
        let error = gatewayError { try Self.http.post("http://127.0.0.1:9/x", [:], []) }
        #expect(error?.isUnavailable == true)
    }
}
