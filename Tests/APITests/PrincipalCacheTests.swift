@testable import API
@testable import Core
import Foundation
import Store
import Testing

/// Bearer tokens resolve from a cache while nothing changed, and never once something did — also when
/// another process (an `smscode` command, here a second connection to the file) makes the change.
@Suite struct PrincipalCacheTests {
    /// A separate connection to the same file, as `smscode account …` opens.
    func otherProcess(_ app: TestApp, _ sql: String) throws {
        let other = try Database(path: app.folder + "/test.sqlite", readConnections: 1)
        try other.write { try $0.execute(sql) }
    }

    func epoch(_ app: TestApp) throws -> Int64 { try app.accounts.store.currentAuthEpoch() }

    @Test func aCachedTokenIsUsedUntilAnythingAboutAccountsOrTokensChanges() throws {
        let app = try TestApp()
        try app.verifiedUser("bot@example.com")
        let login = try #require(app.login("bot@example.com").1)
        let (_, secret) = try app.createToken(login)
        #expect(app.get("/api/v1/me", bearer: secret).status == 200) // fills the cache (and touches last_used_at)
        #expect(app.get("/api/v1/me", bearer: secret).status == 200)
        #expect(app.accounts.principals.count == 1)
        let settled = try epoch(app)
        #expect(app.get("/api/v1/me", bearer: secret).status == 200)
        #expect(try epoch(app) == settled) // a cache hit writes nothing

        // Suspension by another process: the very next request is refused.
        try otherProcess(app, "UPDATE accounts SET state = 'suspended'")
        #expect(try epoch(app) > settled)
        #expect(app.get("/api/v1/me", bearer: secret).errorCode == "account_suspended")
        try otherProcess(app, "UPDATE accounts SET state = 'active'")
        #expect(app.get("/api/v1/me", bearer: secret).status == 200)

        // Revocation by another process, then a token deleted outright: refused at once.
        try otherProcess(app, "UPDATE api_tokens SET revoked_at = '2026-11-27T00:00:00Z'")
        #expect(app.get("/api/v1/me", bearer: secret).status == 401)
    }

    /// Updates every column of the two tables (setting it to itself still fires an `UPDATE OF` trigger):
    /// each moves the epoch except the balance and the token's last use. A column added later fails here
    /// until the schema says which kind it is.
    @Test func everyColumnButTheBalanceAndTheLastUseMovesTheEpoch() throws {
        let app = try TestApp()
        try app.verifiedUser("bot@example.com")
        let login = try #require(app.login("bot@example.com").1)
        _ = try app.createToken(login)
        for (table, exempt) in [("accounts", "balance"), ("api_tokens", "last_used_at")] {
            let columns = try app.database.read { try $0.all("SELECT name FROM pragma_table_info(?)", [.text(table)]) { $0.text(0) } }
            #expect(columns.contains(exempt))
            for column in columns {
                let before = try epoch(app)
                try otherProcess(app, "UPDATE \(table) SET \(column) = \(column)")
                let moved = try epoch(app) > before
                #expect(moved == (column != exempt), "\(table).\(column)")
            }
        }
    }

    /// Purchases and deposits change the balance all the time; a bot's cached token survives them, and
    /// what it reads of its account is still current.
    @Test func aBalanceChangeKeepsTheCachedTokenAndMeShowsTheNewBalance() throws {
        let app = try TestApp()
        try app.verifiedUser("bot@example.com")
        let login = try #require(app.login("bot@example.com").1)
        let (_, secret) = try app.createToken(login)
        #expect(app.get("/api/v1/me", bearer: secret).status == 200)
        let settled = try epoch(app)
        let accountID = try #require(try app.database.readOne("SELECT id FROM accounts") { $0.text(0) })
        _ = try app.money.adjust(accountID: accountID, amount: 25_000, reason: "test")
        #expect(try epoch(app) == settled)
        #expect(app.get("/api/v1/me", bearer: secret).text.contains(#""balance":25000"#))
    }

    /// The once-a-minute `last_used_at` touch keeps the cached token's copy current, so the next request
    /// within the minute writes nothing (it would write on every request if it read the old time).
    @Test func theLastUseIsTouchedOnceAMinuteAndTheCacheKeepsUp() throws {
        let app = try TestApp()
        try app.verifiedUser("bot@example.com")
        let login = try #require(app.login("bot@example.com").1)
        let (_, secret) = try app.createToken(login)
        func lastUse() throws -> String? { try app.database.readOne("SELECT last_used_at FROM api_tokens") { $0.optionalText(0) } ?? nil }
        #expect(app.get("/api/v1/me", bearer: secret).status == 200)
        let first = try lastUse()
        #expect(first != nil)
        app.clock.advance(by: 61)
        #expect(app.get("/api/v1/me", bearer: secret).status == 200)
        let second = try lastUse()
        #expect(second != first)
        app.clock.advance(by: 30)
        let settled = try epoch(app)
        #expect(app.get("/api/v1/me", bearer: secret).status == 200)
        #expect(try lastUse() == second)
        #expect(try epoch(app) == settled)
    }

    @Test func theCacheAnswersOnlyForTheEpochItWasFilledAt() throws {
        let cache = PrincipalCache(capacity: 2)
        let token = APIToken(id: "t1", accountID: "a1", name: "bot", tokenHash: "h1", hint: "x", createdAt: Date(timeIntervalSince1970: 0),
                             lastUsedAt: nil, revokedAt: nil)
        let account = Account(id: "a1", email: "a@example.com", normalizedEmail: "a@example.com", passwordHash: "", state: .active,
                              emailVerifiedAt: nil, termsVersion: "1", adultAttestedAt: Date(timeIntervalSince1970: 0),
                              createdAt: Date(timeIntervalSince1970: 0), apiAccess: true, extraAccountApproved: false, balance: 0)
        cache.remember("h1", token: token, account: account, epoch: 5)
        #expect(cache.lookup("h1", epoch: 5)?.0 == token)
        #expect(cache.lookup("h1", epoch: 6) == nil)
        #expect(cache.lookup("h2", epoch: 5) == nil)
        cache.remember("h2", token: token, account: account, epoch: 5)
        cache.remember("h3", token: token, account: account, epoch: 5) // over capacity: starts afresh
        #expect(cache.count == 1)
        #expect(cache.lookup("h1", epoch: 5) == nil)
    }
}
