#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// `POST /api/v1/inbound/sms`: our own SIM bank / modem gateway pushes each SMS a pool number receives.
/// No session, no CSRF: the HMAC over the timestamp and the raw body is the gate (`InboundSMS`).
enum InboundHandlers {
    struct Body: JSONBody {
        static let allowedKeys: Set<String> = ["to", "from", "text", "received_at"]
        let to: String
        let from: String
        let text: String
        let received_at: Date
    }

    struct Answer: Encodable {
        let status: String
    }

    static let unauthorized = HTTPError(status: 401, code: "unauthorized", message: "The signature is missing, stale or wrong.")

    static func sms(_ env: AppEnvironment) -> Handler {
        { request in
            // Without a pool no signature can be valid: the same 401 as a wrong one (nothing to discover).
            guard let inbound = env.inboundSMS else { throw unauthorized }
            do {
                try inbound.authenticate(body: request.body, timestamp: request.headers["x-smscode-timestamp"],
                                         signature: request.headers["x-smscode-signature"])
            } catch {
                throw unauthorized
            }
            let body = try request.decodeJSON(Body.self)
            guard OwnPool.isPhoneNumber(body.to) else { throw HTTPError.invalidRequest("'to' must be an E.164 number with +.") }
            guard !body.text.isEmpty, body.text.utf8.count <= 2_000 else { throw HTTPError.invalidRequest("'text' must be 1 to 2000 bytes.") }
            guard !body.from.isEmpty, body.from.utf8.count <= 64 else { throw HTTPError.invalidRequest("'from' must be 1 to 64 bytes.") }
            let outcome = try inbound.deliver(body: request.body, to: body.to, from: body.from, text: body.text, rentals: env.rentals)
            return try .json(Answer(status: outcome.rawValue))
        }
    }
}
