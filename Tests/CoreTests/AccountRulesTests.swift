import Core
import Foundation
import Testing

@Suite struct EmailAddressTests {
    @Test(arguments: [
        ("John.Doe+promo@GMail.com", "johndoe@gmail.com"),
        ("j.o.h.n@googlemail.com", "john@gmail.com"),
        ("User+tag@Example.co.id", "user+tag@example.co.id"),
        ("  spaced@example.com ", "spaced@example.com"),
    ])
    func normalizes(input: String, normalized: String) {
        #expect(EmailAddress(input)?.normalized == normalized)
    }

    @Test(arguments: ["", "plain", "@example.com", "a@b", "a@-x.com", "a..b@example.com", "a@example.c0m", "a b@example.com",
                      "+tag@gmail.com", String(repeating: "a", count: 65) + "@example.com"])
    func rejects(input: String) {
        #expect(EmailAddress(input) == nil)
    }
}

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy(commonPasswords: ["password123", "qwertyuiop"])

    @Test func acceptsALongUncommonPassword() throws {
        try policy.check("blue tractor 42 lemons", email: EmailAddress("rina@example.com"))
    }

    @Test func rejectsWithReasons() {
        #expect(throws: AccountError.weakPassword("Use at least 10 characters.")) { try policy.check("short", email: nil) }
        #expect(throws: AccountError.weakPassword("Use at most 128 characters.")) { try policy.check(String(repeating: "ab", count: 65), email: nil) }
        #expect(throws: AccountError.weakPassword("This password is too common; choose another.")) { try policy.check("Password123", email: nil) }
        #expect(throws: AccountError.weakPassword("The password must not contain your email name.")) {
            try policy.check("rinawati-2026!", email: EmailAddress("rinawati@example.com"))
        }
        #expect(throws: AccountError.weakPassword("This password is too easy to guess; choose another.")) { try policy.check("aaaaaaaaaaab", email: nil) }
    }

    @Test func shippedListParses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Content/data/common-passwords.txt")
        let list = PasswordPolicy.parseList(try String(contentsOf: url, encoding: .utf8))
        #expect(list.count > 1000)
        #expect(list.contains("qwertyuiop"))
        #expect(!list.contains { $0.hasPrefix("#") })
    }
}

@Suite struct SecretsTests {
    /// 10,000 of each: all distinct; API tokens carry 30 base62 characters (≈178 bits) and a valid checksum.
    @Test func secretsAreUniqueAndLongEnough() {
        var tokens = Set<String>(), sessions = Set<String>()
        for _ in 0..<10_000 {
            let token = Secrets.apiToken(.live)
            #expect(Secrets.isWellFormedAPIToken(token))
            tokens.insert(token)
            sessions.insert(Secrets.opaque(.live))
        }
        #expect(tokens.count == 10_000)
        #expect(sessions.count == 10_000)
        #expect(log2(62.0) * 30 >= 128)  // API token random part
        #expect(log2(62.0) * 43 >= 128)  // session id
        #expect(sessions.allSatisfy { $0.count == 43 })
    }

    @Test func checksumCatchesTypos() {
        let token = Secrets.apiToken(.seeded(1))
        var chars = Array(token)
        chars[10] = chars[10] == "A" ? "B" : "A"
        #expect(!Secrets.isWellFormedAPIToken(String(chars)))
        #expect(!Secrets.isWellFormedAPIToken("smsc_short"))
    }
}

@Suite struct ThrottleTests {
    @Test func delaysGrowAfterFiveFailuresAndExpire() {
        let throttle = LoginThrottle()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for second in 0..<5 {
            #expect(throttle.retryAfter("k", now: start.addingTimeInterval(Double(second))) == nil)
            throttle.recordFailure("k", now: start.addingTimeInterval(Double(second)))
        }
        #expect(throttle.retryAfter("k", now: start.addingTimeInterval(5)) == 29)  // 30 s after the 5th failure (at 4 s)
        #expect(throttle.retryAfter("k", now: start.addingTimeInterval(34.5)) == nil)
        throttle.recordFailure("k", now: start.addingTimeInterval(35))
        #expect(throttle.retryAfter("k", now: start.addingTimeInterval(35)) == 60)   // doubled
        throttle.recordSuccess("k")
        #expect(throttle.retryAfter("k", now: start.addingTimeInterval(36)) == nil)
    }

    @Test func bucketsRefillAtTheirRate() {
        let limiter = RateLimiter()
        let budget = RateLimiter.Budget(name: "t", perSecond: 1, burst: 3)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect((0..<3).allSatisfy { _ in limiter.take("a", budget: budget, now: now) == nil })
        #expect(limiter.take("a", budget: budget, now: now) == 1)
        #expect(limiter.take("b", budget: budget, now: now) == nil)  // other keys are separate
        #expect(limiter.take("a", budget: budget, now: now.addingTimeInterval(1)) == nil)
    }

    @Test func frontMatterGivesTheTermsVersion() {
        let (fields, body) = FrontMatter.parse("---\ntitle: Terms\nversion: 2026-04-10\n---\n## 1. Service\n")
        #expect(fields == ["title": "Terms", "version": "2026-04-10"])
        #expect(body == "## 1. Service\n")
    }
}
