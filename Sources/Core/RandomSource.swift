/// The one source of randomness: tokens, ids, request ids, simulated delays.
/// Live uses the system CSPRNG (getrandom on Linux); tests use a seeded, repeatable generator.
public struct RandomSource: Sendable {
    public var bytes: @Sendable (Int) -> [UInt8]

    public init(bytes: @escaping @Sendable (Int) -> [UInt8]) {
        self.bytes = bytes
    }

    public static let live = RandomSource { count in
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// A deterministic source for tests (SplitMix64); not for secrets.
    public static func seeded(_ seed: UInt64) -> RandomSource {
        let state = SeededState(seed)
        return RandomSource { count in state.next(count) }
    }

    /// `count` random bytes as lower-case hex.
    public func hex(_ count: Int) -> String {
        Hex.encode(bytes(count))
    }
}

private final class SeededState: @unchecked Sendable {
    private let lock = Lock()
    private var state: UInt64

    init(_ seed: UInt64) { state = seed }

    func next(_ count: Int) -> [UInt8] {
        lock.withLock {
            var out: [UInt8] = []
            out.reserveCapacity(count)
            while out.count < count {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                for shift in stride(from: 0, to: 64, by: 8) where out.count < count {
                    out.append(UInt8(truncatingIfNeeded: z >> UInt64(shift)))
                }
            }
            return out
        }
    }
}
