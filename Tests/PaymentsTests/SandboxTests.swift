import Core
import Foundation
@testable import Payments
import Testing

@Suite struct SandboxTests {
    static let secret = Array("sandbox-secret-0123456789abcdef".utf8)
    static let client = Sandbox.client(secret: secret, baseURL: "http://127.0.0.1:8080/", digest: digest)

    @Test func createNeedsNoNetwork() throws {
        let request = PaymentRequest(orderID: "TOPUP-7", amount: 20000, method: nil, email: "a@b.c", description: "d",
                                     callbackURL: "c", returnURL: "r", lifetimeSeconds: 600)
        #expect(try Self.client.createPayment(request)
            == PaymentInstructions(reference: "SBX-TOPUP-7", url: "http://127.0.0.1:8080/api/v1/payments/sandbox/pay/TOPUP-7"))
        #expect(Self.client.acknowledgement == "OK")
    }

    @Test func signedCallbackRoundTrips() throws {
        let callback = Sandbox.signedCallback(orderID: "TOPUP-7", amount: 20000, outcome: .paid, reference: "SBX-TOPUP-7",
                                              secret: Self.secret, digest: digest)
        #expect(callback.contentType == "application/x-www-form-urlencoded")
        let text = String(decoding: callback.body, as: UTF8.self)
        let expected = Hex.encode(digest.hmacSHA256(Self.secret, Array("TOPUP-7|20000|paid|SBX-TOPUP-7".utf8)))
        #expect(text == "order_id=TOPUP-7&amount=20000&status=paid&reference=SBX-TOPUP-7&signature=\(expected)")
        #expect(try Self.client.verifyCallback(callback.body, callback.contentType)
            == VerifiedCallback(gateway: .sandbox, orderID: "TOPUP-7", amount: 20000, currency: "IDR", outcome: .paid,
                                reference: "SBX-TOPUP-7", eventKey: "SBX-TOPUP-7:paid"))
    }

    @Test func everyOutcomeRoundTrips() throws {
        for outcome in [PaymentOutcome.paid, .pending, .failed, .expired] {
            let callback = Sandbox.signedCallback(orderID: "O", amount: 1, outcome: outcome, reference: "R", secret: Self.secret, digest: digest)
            #expect(try Self.client.verifyCallback(callback.body, callback.contentType).outcome == outcome)
        }
    }

    @Test func forgeriesAreUnauthenticated() {
        let callback = Sandbox.signedCallback(orderID: "TOPUP-7", amount: 20000, outcome: .failed, reference: "SBX-TOPUP-7",
                                              secret: Self.secret, digest: digest)
        let text = String(decoding: callback.body, as: UTF8.self)
        for forged in [text.replacingOccurrences(of: "amount=20000", with: "amount=200000"),
                       text.replacingOccurrences(of: "status=failed", with: "status=paid"),
                       text.replacingOccurrences(of: "&signature=", with: "&signature=0"),
                       text + "&amount=1", text.replacingOccurrences(of: "reference=SBX-TOPUP-7&", with: "")] {
            #expect(unauthenticatedReason { try Self.client.verifyCallback(Array(forged.utf8), callback.contentType) } != nil)
        }
        let otherSecret = Sandbox.client(secret: Array("other".utf8), baseURL: "", digest: digest)
        #expect(unauthenticatedReason { try otherSecret.verifyCallback(callback.body, callback.contentType) } == "bad signature")
        #expect(unauthenticatedReason { try Self.client.verifyCallback(callback.body, "application/json") } != nil)
    }

    @Test func pipesInFieldsAreRefused() {
        let callback = Sandbox.signedCallback(orderID: "A|1", amount: 1, outcome: .paid, reference: "R", secret: Self.secret, digest: digest)
        #expect(unauthenticatedReason { try Self.client.verifyCallback(callback.body, callback.contentType) } != nil)
    }

    @Test func confirmDefaultsToUnavailableAndCanBeSupplied() throws {
        #expect(gatewayError { try Self.client.confirm("O") }?.isUnavailable == true)
        let answering = Sandbox.client(secret: Self.secret, baseURL: "", digest: digest) { orderID in
            GatewayStatus(outcome: .paid, amount: 5, reference: "SBX-" + orderID)
        }
        #expect(try answering.confirm("O") == GatewayStatus(outcome: .paid, amount: 5, reference: "SBX-O"))
    }
}
