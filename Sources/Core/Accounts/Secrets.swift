/// Shapes of the random secrets we hand out. All come from the injected `RandomSource` (the system
/// CSPRNG in production) and carry at least 128 bits (ASVS 11.5.1).
public enum Secrets {
    static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// API tokens look like `smsc_<30 base62 chars><6-char CRC32>` (about 178 random bits): the prefix
    /// and checksum let secret scanners recognise a leaked token without asking us (GitHub's 2021 format).
    public static let apiTokenPrefix = "smsc_"

    public static func apiToken(_ random: RandomSource) -> String {
        let body = base62String(random, count: 30)
        return apiTokenPrefix + body + checksum(body)
    }

    /// True when `token` has the API-token shape and a matching checksum (cheap, before any lookup).
    /// Works on bytes: it runs on every bot request, and Character-level slicing cost more than the hash.
    public static func isWellFormedAPIToken(_ token: String) -> Bool {
        let bytes = Array(token.utf8), prefix = apiTokenPrefixBytes
        guard bytes.count == prefix.count + 36, bytes.starts(with: prefix) else { return false }
        var value = CRC32.checksum(Array(bytes[prefix.count..<(prefix.count + 30)]))
        for byte in bytes[(prefix.count + 30)...] {
            guard byte == base62Bytes[Int(value % 62)] else { return false }
            value /= 62
        }
        return true
    }

    static let apiTokenPrefixBytes = Array(apiTokenPrefix.utf8)
    static let base62Bytes = base62.map { $0.asciiValue! }

    /// Session ids and link tokens: 32 random bytes as URL-safe text (256 bits).
    public static func opaque(_ random: RandomSource) -> String {
        base62String(random, count: 43)
    }

    /// Record ids: 12 random bytes as hex; not secret, just unguessable and collision-free in practice.
    public static func id(_ random: RandomSource) -> String {
        random.hex(12)
    }

    static func base62String(_ random: RandomSource, count: Int) -> String {
        var out = ""
        out.reserveCapacity(count)
        while out.count < count {
            for byte in random.bytes(count) where out.count < count && byte < 248 { // 248 = 62*4: no modulo bias
                out.append(base62[Int(byte % 62)])
            }
        }
        return out
    }

    static func checksum(_ text: String) -> String {
        var value = CRC32.checksum(Array(text.utf8))
        var out = ""
        for _ in 0..<6 {
            out.append(base62[Int(value % 62)])
            value /= 62
        }
        return out
    }
}

/// CRC-32 (IEEE), for the API token checksum only: integrity against typos, not security.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
