import Core
import Foundation
import HTTP
import Testing

@Suite struct LoginTests {
    @Test func loginSetsAHardenedCookieAndMeWorks() throws {
        let app = try TestApp()
        try app.verifiedUser("dewi@example.com")
        let (response, login) = app.login("dewi@example.com")
        let cookie = try #require(response.header("Set-Cookie"))
        #expect(cookie.hasPrefix("sid="))
        #expect(cookie.contains("; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax"))
        #expect(!cookie.contains("Secure"))
        let me = app.get("/api/v1/me", login: try #require(login)).json
        #expect(me["email"] as? String == "dewi@example.com")
        #expect(me["csrf_token"] as? String == login?.csrf)
        #expect((me["terms"] as? [String: Any])?["update_available"] as? Bool == false)
    }

    @Test func overHTTPSTheCookieIsHostPrefixedAndSecure() throws {
        let app = try TestApp()
        try app.verifiedUser("eko@example.com")
        var headers = Headers()
        headers["content-type"] = "application/json"
        let response = app.app.handle(RawRequest(method: "POST", target: "/api/v1/auth/login", headers: headers,
                                                 body: Array(#"{"email":"eko@example.com","password":"\#(TestApp.password)"}"#.utf8),
                                                 isSecure: true))
        #expect(response.header("Set-Cookie")?.hasPrefix("__Host-sid=") == true)
        #expect(response.header("Set-Cookie")?.hasSuffix("; Secure") == true)
    }

    @Test func unknownEmailAndWrongPasswordLookTheSame() throws {
        let app = try TestApp()
        try app.verifiedUser("fajar@example.com")
        let wrong = app.login("fajar@example.com", password: "not the password!", remoteAddress: "10.0.0.2").0
        let unknown = app.login("nobody@example.com", password: "not the password!", remoteAddress: "10.0.0.3").0
        #expect(wrong.status == 401 && unknown.status == 401)
        #expect(wrong.text == unknown.text)
        #expect(wrong.headers.map(\.name) == unknown.headers.map(\.name))
    }

    @Test func fiveFailuresThrottleThenTheWindowPasses() throws {
        let app = try TestApp()
        try app.verifiedUser("gita@example.com")
        for attempt in 0..<5 {
            // Different addresses, so only the per-email throttle counts (the per-IP one is tested apart).
            #expect(app.login("gita@example.com", password: "wrong password \(attempt)", remoteAddress: "10.1.0.\(attempt)").0.status == 401)
        }
        let blocked = app.login("gita@example.com", remoteAddress: "10.1.0.9").0
        #expect(blocked.status == 429)
        #expect(blocked.errorCode == "rate_limited")
        #expect(blocked.header("Retry-After") == "30")
        app.clock.advance(by: 31)
        #expect(app.login("gita@example.com", remoteAddress: "10.1.0.9").0.status == 200)
    }

    @Test func sessionsExpireWhenIdleAndAtTheirAbsoluteLimit() throws {
        let app = try TestApp()
        try app.verifiedUser("hadi@example.com")
        let login = try #require(app.login("hadi@example.com").1)
        app.clock.advance(by: 1700)
        #expect(app.get("/api/v1/me", login: login).status == 200)  // activity keeps it alive
        app.clock.advance(by: 1801)
        #expect(app.get("/api/v1/me", login: login).status == 401)  // idle too long

        let busy = try #require(app.login("hadi@example.com").1)
        for _ in 0..<30 {  // active every 25 minutes for 12.5 hours
            app.clock.advance(by: 1500)
            if app.get("/api/v1/me", login: busy).status != 200 { break }
        }
        #expect(app.get("/api/v1/me", login: busy).status == 401)
    }

    @Test func cookieWritesNeedTheCSRFTokenAndSameSite() throws {
        let app = try TestApp()
        try app.verifiedUser("indah@example.com")
        let login = try #require(app.login("indah@example.com").1)
        #expect(app.post("/api/v1/tokens", body: #"{"name":"a"}"#, login: login, csrf: false).errorCode == "csrf_failed")
        #expect(app.post("/api/v1/tokens", body: #"{"name":"a"}"#, login: Login(cookie: login.cookie, csrf: "forged")).errorCode == "csrf_failed")
        let crossSite = app.send("POST", "/api/v1/tokens", body: #"{"name":"a"}"#,
                                 headers: ["cookie": login.cookie, "x-csrf-token": login.csrf, "sec-fetch-site": "cross-site"])
        #expect(crossSite.errorCode == "csrf_failed")
        #expect(app.post("/api/v1/tokens", body: #"{"name":"a"}"#, login: login).status == 201)
    }

    @Test func logoutAndEndedSessionsAreRefusedAtOnce() throws {
        let app = try TestApp()
        try app.verifiedUser("joko@example.com")
        let laptop = try #require(app.login("joko@example.com").1)
        let phone = try #require(app.login("joko@example.com").1)
        let sessions = app.get("/api/v1/sessions", login: laptop).json["items"] as? [[String: Any]] ?? []
        #expect(sessions.count == 2)
        let phoneID = try #require(sessions.first { $0["current"] as? Bool == false }?["id"] as? String)
        #expect(app.delete("/api/v1/sessions/\(phoneID)", login: laptop).status == 204)
        #expect(app.get("/api/v1/me", login: phone).status == 401)
        #expect(app.post("/api/v1/auth/logout", login: laptop).status == 204)
        #expect(app.get("/api/v1/me", login: laptop).status == 401)
    }

    @Test func passwordResetEndsEverySessionAndChangeKeepsTheCurrentOne() throws {
        let app = try TestApp()
        try app.verifiedUser("kiki@example.com")
        let one = try #require(app.login("kiki@example.com").1)
        let two = try #require(app.login("kiki@example.com").1)
        #expect(app.post("/api/v1/me/password", body: #"{"current_password":"wrong one here","new_password":"green boat 77 pears"}"#, login: one).status == 401)
        #expect(app.post("/api/v1/me/password", body: #"{"current_password":"\#(TestApp.password)","new_password":"green boat 77 pears"}"#, login: one).status == 200)
        #expect(app.get("/api/v1/me", login: one).status == 200)
        #expect(app.get("/api/v1/me", login: two).status == 401)

        #expect(app.send("POST", "/api/v1/auth/password-reset", body: #"{"email":"kiki@example.com"}"#).status == 202)
        #expect(app.send("POST", "/api/v1/auth/password-reset", body: #"{"email":"nobody@example.com"}"#).status == 202)
        let token = try #require(try app.linkToken(to: "kiki@example.com"))
        #expect(app.send("POST", "/api/v1/auth/password-reset/confirm", body: #"{"token":"\#(token)","password":"red kite 19 plums"}"#).status == 200)
        #expect(app.get("/api/v1/me", login: one).status == 401)
        #expect(app.login("kiki@example.com", password: "red kite 19 plums").0.status == 200)
        #expect(app.send("POST", "/api/v1/auth/password-reset/confirm", body: #"{"token":"\#(token)","password":"red kite 19 plums"}"#).errorCode == "invalid_token")
    }
}

@Suite struct TokenTests {
    @Test func tokensAreShownOnceListedWithUseAndRevokedAtOnce() throws {
        let app = try TestApp()
        try app.verifiedUser("lina@example.com")
        let login = try #require(app.login("lina@example.com").1)
        let (id, secret) = try app.createToken(login, name: "my bot")
        #expect(secret.hasPrefix("smsc_"))
        #expect(app.get("/api/v1/me", bearer: secret).json["email"] as? String == "lina@example.com")
        let listed = app.get("/api/v1/tokens", login: login).text
        #expect(listed.contains("\"name\":\"my bot\""))
        #expect(!listed.contains(secret))
        #expect(listed.contains("\"last_used_at\":\""))
        #expect(try app.database.readOne("SELECT count(*) FROM api_tokens WHERE token_hash = ?", [.text(secret)]) { $0.int(0) } == 0)
        #expect(app.delete("/api/v1/tokens/\(id)", login: login).status == 204)
        #expect(app.get("/api/v1/me", bearer: secret).status == 401)
    }

    @Test func anotherUsersIdsAreNotFound() throws {
        let app = try TestApp()
        try app.verifiedUser("ayu@example.com")
        try app.verifiedUser("bayu@example.com")
        let ayu = try #require(app.login("ayu@example.com").1)
        let bayu = try #require(app.login("bayu@example.com").1)
        let (tokenID, secret) = try app.createToken(ayu)
        let ayuSession = (app.get("/api/v1/sessions", login: ayu).json["items"] as? [[String: Any]])?.first?["id"] as? String ?? ""
        #expect(app.delete("/api/v1/tokens/\(tokenID)", login: bayu).status == 404)
        #expect(app.delete("/api/v1/sessions/\(ayuSession)", login: bayu).status == 404)
        #expect(!app.get("/api/v1/tokens", login: bayu).text.contains(tokenID))
        #expect(!app.get("/api/v1/sessions", login: bayu).text.contains(ayuSession))
        #expect(app.get("/api/v1/me", bearer: secret).status == 200)
        #expect(app.get("/api/v1/me", login: ayu).status == 200)
    }

    @Test func capAndOperatorControls() throws {
        let app = try TestApp()
        try app.verifiedUser("cici@example.com")
        let login = try #require(app.login("cici@example.com").1)
        let (_, secret) = try app.createToken(login)
        for index in 1..<20 { _ = try app.createToken(login, name: "t\(index)") }
        #expect(app.post("/api/v1/tokens", body: #"{"name":"too fast"}"#, login: login).errorCode == "rate_limited")
        app.clock.advance(by: 200)  // one token-creation credit refills every 180 s
        #expect(app.post("/api/v1/tokens", body: #"{"name":"one too many"}"#, login: login).errorCode == "too_many_tokens")

        _ = try app.accounts.suspend(email: "cici@example.com")
        #expect(app.get("/api/v1/me", bearer: secret).errorCode == "account_suspended")
        #expect(app.get("/api/v1/me", login: login).status == 401)  // sessions ended
        #expect(app.login("cici@example.com").0.errorCode == "account_suspended")
        _ = try app.accounts.reinstate(email: "cici@example.com")
        #expect(app.get("/api/v1/me", bearer: secret).status == 200)

        _ = try app.accounts.setAPIAccess(email: "cici@example.com", enabled: false)
        #expect(app.get("/api/v1/me", bearer: secret).status == 401)  // every token revoked
        let fresh = try #require(app.login("cici@example.com").1)
        app.clock.advance(by: 200)  // one token-creation credit refills every 180 s
        #expect(app.post("/api/v1/tokens", body: #"{"name":"again"}"#, login: fresh).errorCode == "api_access_revoked")
    }

    @Test func newerTermsAwaitAcceptance() throws {
        let app = try TestApp()
        try app.verifiedUser("dodi@example.com")
        let login = try #require(app.login("dodi@example.com").1)
        try app.database.write { try $0.run("UPDATE accounts SET terms_version = '2025-01-01'") }
        let me = app.get("/api/v1/me", login: login).json["terms"] as? [String: Any]
        #expect(me?["update_available"] as? Bool == true)
        #expect(app.post("/api/v1/me/terms", body: #"{"version":"2025-06-01"}"#, login: login).errorCode == "terms_not_accepted")
        #expect(app.post("/api/v1/me/terms", body: #"{"version":"2026-04-10"}"#, login: login).status == 200)
        #expect((app.get("/api/v1/me", login: login).json["terms"] as? [String: Any])?["update_available"] as? Bool == false)
    }
}

@Suite struct LoginTimingTests {
    /// With the production Argon2id cost, a login for an unknown email takes as long as one with a wrong
    /// password for a known email: the median times differ by less than 10 ms (no enumeration by timing).
    @Test func unknownAndKnownEmailsTakeTheSameTime() throws {
        let app = try TestApp(hasherCost: .production)
        try app.verifiedUser("timing@example.com")
        let unknownEmail = "nobody-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        func milliseconds(_ email: String, _ attempt: Int) -> Double {
            let elapsed = ContinuousClock().measure {
                _ = app.login(email, password: "wrong password \(attempt)", remoteAddress: "10.9.\(attempt % 250).1")
            }
            app.throttle.recordSuccess("email:" + email)
            return Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        }
        // Interleaved, so load from other tests running in parallel falls on both sides alike.
        var known: [Double] = [], unknown: [Double] = []
        for attempt in 0..<25 {
            known.append(milliseconds("timing@example.com", attempt))
            unknown.append(milliseconds(unknownEmail, attempt))
        }
        let knownMedian = known.sorted()[known.count / 2], unknownMedian = unknown.sorted()[unknown.count / 2]
        #expect(knownMedian > 5)  // the KDF really ran
        #expect(unknownMedian > 5)
        #expect(abs(knownMedian - unknownMedian) < 10, "known \(knownMedian) ms vs unknown \(unknownMedian) ms")
    }
}
