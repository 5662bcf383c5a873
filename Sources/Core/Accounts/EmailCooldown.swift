#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The 30-day re-registration cooldown after a self-deletion (ToS §9, R9). All that is kept of the
/// address is a keyed hash: HMAC-SHA256 with a per-installation secret over the normalized email, so
/// the same person is recognised however they spell it (case, Gmail dots and `+tags`) while the table
/// alone does not say who it was. The row goes when the account is purged.
public struct EmailCooldown: Sendable, Equatable {
    public static let days = 30
    public static let seconds = Double(days) * 86_400

    public var accountID: String
    /// Lowercase hex of HMAC-SHA256(secret, normalized email).
    public var emailHash: String
    /// Registration with the address opens again at this moment; the purge runs from then on too.
    public var until: Date

    public init(accountID: String, emailHash: String, until: Date) {
        self.accountID = accountID
        self.emailHash = emailHash
        self.until = until
    }

    /// The keyed hash of an already normalized address (`EmailAddress.normalized`).
    public static func hash(normalizedEmail: String, secret: [UInt8], digest: Digest) -> String {
        Hex.encode(digest.hmacSHA256(secret, Array(normalizedEmail.utf8)))
    }
}
