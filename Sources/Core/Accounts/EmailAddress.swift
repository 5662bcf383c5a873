/// An email address as typed, plus the normalized form that enforces "one account per person" (R2):
/// case folded, and for Gmail (which ignores dots and `+tags`) the canonical mailbox.
public struct EmailAddress: Sendable, Equatable {
    public let address: String
    public let normalized: String
    public var domain: String { String(normalized.split(separator: "@").last ?? "") }

    /// Parses and validates `text`; nil when it is not a plausible mailbox address.
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        guard (3...254).contains(trimmed.utf8.count),
              let at = trimmed.lastIndex(of: "@") else { return nil }
        let local = trimmed[..<at]
        let domain = trimmed[trimmed.index(after: at)...].lowercased()
        guard EmailAddress.isValidLocal(local), EmailAddress.isValidDomain(domain) else { return nil }
        address = String(local) + "@" + domain
        var canonicalLocal = local.lowercased()
        var canonicalDomain = domain
        if domain == "gmail.com" || domain == "googlemail.com" {
            canonicalLocal = String(canonicalLocal.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)[0])
            canonicalLocal.removeAll { $0 == "." }
            canonicalDomain = "gmail.com"
        }
        guard !canonicalLocal.isEmpty else { return nil }
        normalized = canonicalLocal + "@" + canonicalDomain
    }

    static func isValidLocal(_ local: Substring) -> Bool {
        guard (1...64).contains(local.utf8.count), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+-/=?^_`{|}~")
        return local.allSatisfy { allowed.contains($0) }
    }

    static func isValidDomain(_ domain: String) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.utf8.count <= 253 else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        for label in labels {
            guard (1...63).contains(label.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.allSatisfy({ allowed.contains($0) }) else { return false }
        }
        return labels.last.map { $0.count >= 2 && $0.allSatisfy(\.isLetter) } ?? false
    }
}
