@testable import API
import Core
import Crypto
import Foundation
import HTTP
import Testing

/// `POST /api/v1/inbound/upstream`: only a push signed with UPSTREAM_WEBHOOK_SECRET reaches the order, and
/// then through the same RentalService path (and rules) as every provider's SMS.
@Suite struct CompatWebhookTests {
    static let secret = "unit-upstream-secret-0123456789"

    static func signature(_ body: String, secret: String = secret) -> String {
        Hex.encode(Sodium.hmacSHA256(key: Array(secret.utf8), message: Array(body.utf8)))
    }

    /// A test app whose only provider (the simulator, renamed) is the SMS-Activate upstream the pushes name.
    static func upstreamApp(secret: String = secret) throws -> TestApp {
        try TestApp(providers: { _, _, simulated in
            var upstream = simulated
            upstream.name = UpstreamWebhook.provider
            return [upstream]
        }, configure: { $0.upstreamWebhookSecret = secret })
    }

    func push(_ app: TestApp, _ body: String, signature: String?) -> Response {
        app.send("POST", "/api/v1/inbound/upstream", body: body, headers: signature.map { ["x-signature": $0] } ?? [:])
    }

    @Test func aSignedPushDeliversTheSMSOnce() throws {
        let app = try Self.upstreamApp()
        let (token, accountID) = try app.compatUser("push@example.com")
        _ = app.saText(["api_key": token, "action": "getNumber", "service": "tg", "country": "6"])
        let providerID = try app.rentals.order(id: 1, accountID: accountID).providerOrderID
        let body = #"{"activationId":"\#(providerID)","service":"tg","text":"Telegram code: 55123","code":"55123","country":6,"receivedAt":"2026-11-18 11:07:00","messageId":9}"#
        #expect(push(app, body, signature: nil).errorCode == "invalid_signature")
        #expect(push(app, body, signature: Self.signature(body + " ")).errorCode == "invalid_signature")
        #expect(push(app, body, signature: Self.signature(body, secret: "another-secret-0123456789")).errorCode == "invalid_signature")
        #expect(push(app, body, signature: "").status == 400)
        #expect(try app.rentals.order(id: 1, accountID: accountID).state == .pending)
        let accepted = push(app, body, signature: "sha256=" + Self.signature(body).uppercased())
        #expect(accepted.status == 200 && accepted.text == #"{"status":"ok","shown":true}"#)
        #expect(push(app, body, signature: Self.signature(body)).text == #"{"status":"ok","shown":true}"#)   // a repeat
        #expect(try app.rentals.messages(orderID: 1, accountID: accountID).map(\.text) == ["Telegram code: 55123"])
        #expect(try app.rentals.messages(orderID: 1, accountID: accountID).first?.sender == "Telegram")
        #expect(app.saText(["api_key": token, "action": "getStatus", "id": "1"]) == "STATUS_OK:55123")
        let unknown = #"{"activationId":424242,"text":"x 1234"}"#
        #expect(push(app, unknown, signature: Self.signature(unknown)).status == 404)
        for bad in [#"{"activationId":"\#(providerID)"}"#, #"{"activationId":true,"text":"a 1234"}"#, #"{"activationId":-4,"text":"a 1234"}"#,
                    #"{"text":"a 1234"}"#, #"{"activationId":"\#(providerID)","text":"a","text":"b"}"#, "[1]"] {
            #expect(push(app, bad, signature: Self.signature(bad)).errorCode == "invalid_request", "\(bad)")
        }
        #expect(try app.money.audit() == [])
    }

    @Test func aPushAfterTheWindowIsNotShownAndTheOrderIsRefunded() throws {
        let app = try Self.upstreamApp()
        let (token, accountID) = try app.compatUser("late@example.com")
        _ = app.saText(["api_key": token, "action": "getNumber", "service": "tg", "country": "4"])
        let order = try app.rentals.order(id: 1, accountID: accountID)
        app.simulator.provider.release(order.providerOrderID, .canceled)
        app.clock.advance(by: 1200)
        let body = #"{"activationId":"\#(order.providerOrderID)","code":"987654"}"#
        #expect(push(app, body, signature: Self.signature(body)).text == #"{"status":"ok","shown":false}"#)
        #expect(try app.rentals.order(id: 1, accountID: accountID).state == .expired)
        #expect(try app.balance(accountID: accountID) == 100_000)
    }

    @Test func pushesReachOnlyTheUpstreamsOrders() throws {
        let app = try TestApp(configure: { $0.upstreamWebhookSecret = Self.secret })   // the simulator's orders only
        let (token, accountID) = try app.compatUser("sim@example.com")
        _ = app.saText(["api_key": token, "action": "getNumber", "service": "tg", "country": "6"])
        let body = #"{"activationId":"\#(try app.rentals.order(id: 1, accountID: accountID).providerOrderID)","text":"code 4321"}"#
        #expect(push(app, body, signature: Self.signature(body)).status == 404)
        #expect(try app.rentals.order(id: 1, accountID: accountID).state == .pending)
    }

    @Test func withoutASecretEveryPushIsRefused() throws {
        let app = try Self.upstreamApp(secret: "")
        let body = #"{"activationId":"SIM-1","text":"code 1234"}"#
        #expect(push(app, body, signature: Self.signature(body, secret: "")).errorCode == "invalid_signature")
    }

    @Test func theSecretMustBeLongEnough() throws {
        #expect(throws: ConfigurationError.invalidValue("UPSTREAM_WEBHOOK_SECRET", "(shorter than 16 characters)")) {
            try Configuration.load(fileText: nil, environment: ["SMSCODE_UPSTREAM_WEBHOOK_SECRET": "short"])
        }
        #expect(try Configuration.load(fileText: nil, environment: [:]).upstreamWebhookSecret == "")
        #expect(try Configuration.load(fileText: nil, environment: ["SMSCODE_UPSTREAM_WEBHOOK_SECRET": Self.secret]).upstreamWebhookSecret == Self.secret)
    }
}
