import Core
import Foundation
import HTTP
import Testing

@Suite struct RegistrationTests {
    @Test func newAndExistingEmailsGetTheSameAnswerAndDifferentMails() throws {
        let app = try TestApp()
        let first = app.register("Rina.Wati@gmail.com")
        let again = app.register("rinawati+other@googlemail.com") // same person after normalization
        #expect(first.status == 202)
        #expect(first.text == #"{"status":"verification_sent"}"#)
        #expect(again.status == first.status && again.text == first.text)
        let mails = try app.outbox()
        #expect(mails.map(\.to) == ["Rina.Wati@gmail.com", "rinawati+other@googlemail.com"])
        #expect(mails[0].body.contains("https://smscode.test/verify#token="))
        #expect(mails[1].subject.contains("already have an account"))
        #expect(try app.database.readOne("SELECT count(*) FROM accounts") { $0.int(0) } == 1)
    }

    @Test func badInputIsRefusedWithClearCodesAndChangesNothing() throws {
        let app = try TestApp()
        #expect(app.register("not-an-email").errorCode == "invalid_request")
        #expect(app.register("a@example.com", password: "short").errorCode == "weak_password")
        #expect(app.register("a@example.com", password: "qwertyuiop").errorCode == "weak_password")
        #expect(app.register("a@example.com", adult: false).errorCode == "adult_required")
        #expect(app.register("a@example.com", terms: "2020-01-01").errorCode == "terms_not_accepted")
        #expect(app.send("POST", "/api/v1/auth/register", body: "{nope").errorCode == "invalid_request")
        #expect(app.send("POST", "/api/v1/auth/register", body: "{}", contentType: "text/plain").status == 415)
        #expect(app.send("POST", "/api/v1/auth/register",
                         body: #"{"email":"a@example.com","password":"x","adult":true,"terms_version":"1","balance":5}"#).text
                == #"{"error":{"code":"invalid_request","message":"Unknown field 'balance'."}}"#)
        #expect(try app.database.readOne("SELECT count(*) FROM accounts") { $0.int(0) } == 0)
        #expect(try app.outbox().isEmpty)
    }

    @Test func blockedDomainsCreateNoAccount() throws {
        let app = try TestApp()
        try app.accounts.blockDomain("spam.example", reason: "abuse")
        #expect(app.register("x@spam.example").status == 202)
        #expect(try app.database.readOne("SELECT count(*) FROM accounts") { $0.int(0) } == 0)
        #expect(try app.outbox().first?.subject.contains("Registration not possible") == true)
    }

    @Test func verificationLinkIsSingleUseAndExpires() throws {
        let app = try TestApp()
        _ = app.register("budi@example.com")
        let token = try #require(try app.linkToken(to: "budi@example.com"))
        let (_, login) = app.login("budi@example.com")
        let session = try #require(login)
        #expect(app.get("/api/v1/me", login: session).json["email_verified"] as? Bool == false)
        #expect(app.send("POST", "/api/v1/auth/verify", body: #"{"token":"\#(token)"}"#).status == 200)
        #expect(app.get("/api/v1/me", login: session).json["state"] as? String == "active")
        #expect(app.send("POST", "/api/v1/auth/verify", body: #"{"token":"\#(token)"}"#).errorCode == "invalid_token")

        _ = app.register("late@example.com")
        let late = try #require(try app.linkToken(to: "late@example.com"))
        app.clock.advance(by: 86400 + 1)
        #expect(app.send("POST", "/api/v1/auth/verify", body: #"{"token":"\#(late)"}"#).errorCode == "invalid_token")
    }

    @Test func resendIsThrottled() throws {
        let app = try TestApp()
        _ = app.register("sari@example.com")
        let login = try #require(app.login("sari@example.com").1)
        let early = app.post("/api/v1/auth/verify/resend", login: login)
        #expect(early.status == 429)
        #expect(early.header("Retry-After") == "60")
        app.clock.advance(by: 61)
        #expect(app.post("/api/v1/auth/verify/resend", login: login).status == 202)
        #expect(try app.outbox().filter { $0.to == "sari@example.com" }.count == 2)
    }

    @Test func unverifiedAccountsCannotPassTheVerifiedGate() throws {
        let app = try TestApp()
        _ = app.register("ani@example.com")
        let account = try app.accounts.account(email: "ani@example.com")
        #expect(throws: AccountError.emailUnverified) { try app.accounts.requireVerified(account) }
        try app.verifiedUser("ina@example.com")
        try app.accounts.requireVerified(try app.accounts.account(email: "ina@example.com"))
    }
}
