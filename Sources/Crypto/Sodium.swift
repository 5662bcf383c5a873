import CSodium
import Core

/// libsodium (Debian's libsodium-dev): Argon2id password hashing, SHA-256 and constant-time compares.
/// swift-crypto has no Argon2 and costs minutes of build; libsodium is one apt package (stack.md Q3).
public enum Sodium {
    /// `sodium_init` must run once before any other call; it is idempotent and thread-safe.
    static let initialized: Bool = sodium_init() >= 0

    /// Argon2id cost: 2 passes over 19 MiB (OWASP's minimum; ~13 ms per hash here, release build).
    public struct Cost: Sendable {
        public var passes: UInt64
        public var memoryBytes: Int

        public init(passes: UInt64, memoryBytes: Int) {
            self.passes = passes
            self.memoryBytes = memoryBytes
        }

        public static let production = Cost(passes: 2, memoryBytes: 19 * 1024 * 1024)
    }

    /// The live password hasher. At most two hashes run at once (2 cores; each holds 19 MiB).
    public static func passwordHasher(cost: Cost = .production) -> PasswordHasher {
        precondition(initialized, "libsodium failed to initialise")
        let gate = HashGate(slots: 2)
        return PasswordHasher(
            hash: { password in
                try gate.run {
                    var output = [CChar](repeating: 0, count: Int(crypto_pwhash_strbytes()))
                    let rc = crypto_pwhash_str(&output, password, UInt64(password.utf8.count), cost.passes, cost.memoryBytes)
                    guard rc == 0 else { throw SodiumError.hashFailed }
                    return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
            },
            verify: { password, stored in
                gate.run { crypto_pwhash_str_verify(stored, password, UInt64(password.utf8.count)) == 0 }
            },
            needsRehash: { stored in
                crypto_pwhash_str_needs_rehash(stored, cost.passes, cost.memoryBytes) != 0
            }
        )
    }

    public static let digest = Digest(sha256Hex: sha256Hex, constantTimeEqual: constantTimeEqual,
                                      hmacSHA256: { key, message in hmacSHA256(key: key, message: message) })

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        precondition(initialized, "libsodium failed to initialise")
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_bytes()))
        crypto_hash_sha256(&out, bytes, UInt64(bytes.count))
        return out
    }

    public static func sha256Hex(_ text: String) -> String {
        Hex.encode(sha256(Array(text.utf8)))
    }

    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        precondition(initialized, "libsodium failed to initialise")
        var state = crypto_auth_hmacsha256_state()
        var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_bytes()))
        crypto_auth_hmacsha256_init(&state, key, key.count)
        crypto_auth_hmacsha256_update(&state, message, UInt64(message.count))
        crypto_auth_hmacsha256_final(&state, &out)
        return out
    }

    /// Compares without an early exit, so timing does not tell how many leading bytes matched.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        if left.isEmpty { return true }
        return sodium_memcmp(left, right, left.count) == 0
    }
}

public enum SodiumError: Error {
    case hashFailed
}

/// Bounds concurrent Argon2 work: each hash holds its memory cost, and a burst of logins must not
/// exhaust memory or starve the other request threads.
final class HashGate: Sendable {
    private let semaphore: SemaphoreBox

    init(slots: Int) {
        semaphore = SemaphoreBox(slots)
    }

    func run<T>(_ body: () throws -> T) rethrows -> T {
        if !semaphore.tryWait() {
            RunTurns.giveBack() // queued behind other hashes: let requests that need no hash run
            semaphore.wait()
        }
        defer { semaphore.signal() }
        return try body()
    }
}
