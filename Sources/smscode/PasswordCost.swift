import ArgumentParser
import Core
import Crypto

/// `smscode config password-cost`: times the production Argon2id hash and verify on this machine, so an
/// operator can see what a login costs (and `make bench` records it).
struct PasswordCost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password-cost", abstract: "Measure Argon2id hash and verify time at the production cost.")

    @Option(help: "How many hashes to time.") var samples = 15

    func run() throws {
        let hasher = Sodium.passwordHasher()
        var hashTimes: [Double] = [], verifyTimes: [Double] = []
        var stored = ""
        for index in 0..<max(1, samples) {
            let password = "cost sample \(index) password"
            hashTimes.append(try milliseconds { stored = try hasher.hash(password) })
            verifyTimes.append(milliseconds { _ = hasher.verify(password, stored) })
        }
        let cost = Sodium.Cost.production
        print("argon2id t=\(cost.passes) m=\(cost.memoryBytes / 1024) KiB p=1: hash median \(format(median(hashTimes))) ms, "
              + "verify median \(format(median(verifyTimes))) ms over \(hashTimes.count) samples")
    }

    private func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let start = monotonicNanoseconds()
        try body()
        return Double(monotonicNanoseconds() - start) / 1_000_000
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    private func format(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }
}
