import Foundation
import Core
import Crypto
import Testing

@Suite struct SodiumTests {
    @Test func argon2idHashesVerifyAndCarryTheParameters() throws {
        let hasher = Sodium.passwordHasher()
        let hash = try hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(hasher.verify("correct horse battery", hash))
        #expect(!hasher.verify("correct horse batterY", hash))
        #expect(!hasher.needsRehash(hash))
        #expect(try hasher.hash("correct horse battery") != hash) // salted
        let weaker = try Sodium.passwordHasher(cost: .init(passes: 1, memoryBytes: 8 * 1024 * 1024)).hash("x")
        #expect(hasher.needsRehash(weaker))
    }

    @Test func sha256MatchesTheStandardVector() {
        #expect(Sodium.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hmacMatchesRFC4231Case2() {
        let mac = Sodium.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func constantTimeEqualCompares() {
        #expect(Sodium.constantTimeEqual("abc", "abc"))
        #expect(!Sodium.constantTimeEqual("abc", "abd"))
        #expect(!Sodium.constantTimeEqual("abc", "abcd"))
        #expect(Sodium.constantTimeEqual("", ""))
    }
}
