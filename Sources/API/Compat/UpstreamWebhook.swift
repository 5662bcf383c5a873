#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// `POST /api/v1/inbound/upstream`: an upstream provider pushes an SMS in the SMS-Activate webhook format
/// (`activationId, service, text, code, country, receivedAt`; protocols.md §1.6). The push is authenticated
/// by `X-Signature`: hex HMAC-SHA256 of the raw body keyed with UPSTREAM_WEBHOOK_SECRET, compared in
/// constant time. `activationId` is the order id at the SMS-Activate upstream (`PROVIDERS=upstream`); the
/// SMS then takes the same RentalService path as every provider's (the time of arrival is ours, so the
/// window is judged by our clock). Only that provider's orders can be reached this way.
enum UpstreamWebhook {
    /// The name of the SMS-Activate upstream provider (`SMSActivateUpstream`'s default name).
    static let provider = "upstream"

    static let rejected = HTTPError(status: 400, code: "invalid_signature", message: "The push is not authenticated.")

    struct Push: Equatable {
        let activationID: String
        let text: String
    }

    static func handler(_ env: AppEnvironment) -> Handler {
        { request in
            guard verify(signature: request.headers["x-signature"], body: request.body, secret: env.upstreamWebhookSecret,
                         digest: env.accounts.digest) else { throw rejected }
            let push = try parse(request.body)
            let rentals = env.rentals
            guard let order = try rentals.store.read({ try $0.order(provider: provider, providerOrderID: push.activationID) }) else {
                throw HTTPError.notFound("No order has this activationId.")
            }
            // Providers repeat a push they think failed: the same text twice on one order is shown once.
            let messages = try rentals.messages(orderID: order.id, accountID: order.accountID)
            var shown = messages.contains { $0.text == push.text }
            if !shown {
                let sender = try env.catalog.services().first { $0.code == order.service }?.name ?? order.service
                switch try rentals.receive(orderID: order.id, sender: sender, text: push.text, at: env.clock.now()) {
                case .keepReceiving, .settle(.received, _): shown = true
                default: shown = false   // the window had passed: not shown (a pending order is settled as expired)
                }
            }
            return CompatResponse.json(.object([("status", .string("ok")), ("shown", .bool(shown))]))
        }
    }

    /// True when `signature` is the hex HMAC-SHA256 of `body` under a non-empty `secret` (an optional
    /// `sha256=` prefix and upper-case hex are accepted).
    static func verify(signature: String?, body: [UInt8], secret: String, digest: Digest) -> Bool {
        guard !secret.isEmpty, var given = signature?.lowercased() else { return false }
        if given.hasPrefix("sha256=") { given.removeFirst(7) }
        let expected = Hex.encode(digest.hmacSHA256(Array(secret.utf8), body))
        return digest.constantTimeEqual(given, expected)
    }

    /// The push's members: `activationId` (string or integer) and `text` (or, without text, `code`) are
    /// required; the others are accepted and not needed (the order knows its service and country).
    static func parse(_ body: [UInt8]) throws -> Push {
        do {
            _ = try StrictJSON.validateObject(body)
        } catch {
            throw HTTPError.invalidRequest("The body is not valid JSON: \(error.reason).")
        }
        let wire: Wire
        do {
            wire = try JSONCoding.decoder.decode(Wire.self, from: Data(body))
        } catch {
            throw HTTPError.invalidRequest("activationId must be a non-empty string or a positive whole number; text and code strings.")
        }
        guard let activationID = wire.activationId, !activationID.isEmpty, activationID.utf8.count <= 100 else {
            throw HTTPError.invalidRequest("activationId must be a non-empty string or a positive whole number.")
        }
        guard let text = [wire.text, wire.code].compactMap({ $0 }).first(where: { !$0.isEmpty }), text.utf8.count <= 2000 else {
            throw HTTPError.invalidRequest("text (or code) must be a non-empty string of at most 2000 bytes.")
        }
        return Push(activationID: activationID, text: text)
    }

    /// The members we read; `activationId` comes as a string or an integer depending on the provider.
    struct Wire: Decodable {
        let activationId: String?
        let text: String?
        let code: String?

        enum CodingKeys: String, CodingKey { case activationId, text, code }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let number = try? c.decodeIfPresent(Int64.self, forKey: .activationId) {
                guard number > 0 else { throw DecodingError.dataCorruptedError(forKey: .activationId, in: c, debugDescription: "not positive") }
                activationId = String(number)
            } else {
                activationId = try c.decodeIfPresent(String.self, forKey: .activationId)
            }
            text = try c.decodeIfPresent(String.self, forKey: .text)
            code = try c.decodeIfPresent(String.self, forKey: .code)
        }
    }
}
