import Core
import Crypto
import Foundation
@testable import Payments
import Synchronization

/// The real digest (libsodium HMAC and constant-time compare), as the server wires it.
let digest = Sodium.digest

/// An `HTTPTransport` that records every request and answers from a script, so request building and
/// answer mapping are tested without sockets.
final class RecordingTransport: Sendable {
    struct Request: Sendable {
        var url: String
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        /// The body parsed strictly; nil when it is not JSON.
        var json: JSONValue? { try? JSONParser.parse(body) }
    }

    private let recorded = Mutex<[Request]>([])
    private let reply: @Sendable (Request) throws -> (status: Int, body: [UInt8])

    init(reply: @escaping @Sendable (Request) throws -> (status: Int, body: [UInt8])) {
        self.reply = reply
    }

    /// Answers every request with `status` and `body`.
    convenience init(status: Int, body: String) {
        self.init { _ in (status, Array(body.utf8)) }
    }

    var requests: [Request] { recorded.withLock { $0 } }

    var transport: HTTPTransport {
        HTTPTransport { url, headers, body in
            let request = Request(url: url, headers: headers, body: body)
            self.recorded.withLock { $0.append(request) }
            return try self.reply(request)
        }
    }
}

/// Expects `body` to throw `GatewayError.unauthenticated`; returns its reason (nil when it did not).
func unauthenticatedReason(_ body: () throws -> VerifiedCallback) -> String? {
    do {
        _ = try body()
        return nil
    } catch GatewayError.unauthenticated(let reason) {
        return reason
    } catch {
        return nil
    }
}

/// The GatewayError thrown by `body`, or nil.
func gatewayError<T>(_ body: () throws -> T) -> GatewayError? {
    do {
        _ = try body()
        return nil
    } catch let error as GatewayError {
        return error
    } catch {
        return nil
    }
}

extension GatewayError {
    var isRejected: Bool { if case .rejected = self { true } else { false } }
    var isUnavailable: Bool { if case .unavailable = self { true } else { false } }
}
