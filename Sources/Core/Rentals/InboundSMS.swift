#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// SMS pushed by our own SIM bank / modem gateway (`POST /api/v1/inbound/sms`). The gateway signs
/// `"<unix seconds>.<raw body>"` with HMAC-SHA256 under a shared secret and sends
/// `X-SMSCode-Timestamp` and `X-SMSCode-Signature: <hex>`; a signature older or newer than five minutes
/// is refused (a captured request cannot be replayed later) and a message seen before changes nothing
/// (a retry within the five minutes).
public struct InboundSMS: Sendable {
    public enum Outcome: String, Sendable, Equatable {
        /// Handed to the order the number serves (shown if the order was still open).
        case delivered
        /// Already applied: a retry.
        case duplicate
        /// The number serves no order now (an SMS to an idle number is kept nowhere).
        case noActiveOrder = "no_active_order"
    }

    public enum Failure: Error, Sendable, Equatable {
        /// Missing, malformed, stale or wrong signature.
        case unauthenticated
    }

    public static let maxSkewSeconds: Double = 300

    let secret: [UInt8]
    let pool: any PoolStore
    let providerName: String
    let digest: Digest
    let clock: Clock

    public init(secret: String, pool: any PoolStore, providerName: String = "pool", digest: Digest, clock: Clock) {
        self.secret = Array(secret.utf8)
        self.pool = pool
        self.providerName = providerName
        self.digest = digest
        self.clock = clock
    }

    /// Checks the signature over the exact bytes received, before anything is parsed.
    public func authenticate(body: [UInt8], timestamp: String?, signature: String?) throws(Failure) {
        guard !secret.isEmpty else { throw .unauthenticated }
        guard let timestamp, let seconds = Int64(timestamp), let signature, signature.count == 64 else { throw .unauthenticated }
        guard abs(clock.now().timeIntervalSince1970 - Double(seconds)) <= Self.maxSkewSeconds else { throw .unauthenticated }
        let expected = Hex.encode(digest.hmacSHA256(secret, Array((timestamp + ".").utf8) + body))
        guard digest.constantTimeEqual(expected, signature.lowercased()) else { throw .unauthenticated }
    }

    /// Delivers an authenticated message to the order its number serves, exactly once.
    public func deliver(body: [UInt8], to phone: String, from sender: String, text: String, rentals: RentalService) throws -> Outcome {
        guard let leaseID = try pool.leaseID(phone: phone) else { return .noActiveOrder }
        let key = digest.sha256Hex(String(decoding: body, as: UTF8.self))
        guard try pool.firstSighting(digest: key, at: clock.now()) else { return .duplicate }
        do {
            try rentals.receive(provider: providerName, providerOrderID: leaseID, sender: sender, text: text, at: clock.now())
        } catch RentalError.notFound {
            return .noActiveOrder
        } catch {
            // Not applied: forget the sighting so the gateway's retry is not taken for a duplicate.
            try? pool.forget(digest: key)
            throw error
        }
        return .delivered
    }
}
