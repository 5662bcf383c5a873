import Core
import Foundation
import HTTP
import Store
import Testing

/// Termination by the operator (ToS §9, R3/R9) and changed terms (ToS §10, R10), through the lifecycle
/// service the CLI calls (`smscode account terminate`, `smscode terms announce`) and the API users see.
@Suite struct TerminationTests {
    @Test func terminationWithoutForfeitRefusesEverythingAndKeepsTheBalance() throws {
        let app = try TestApp()
        let (logins, tokens) = try app.shopperWithCredentials("eko@example.com", count: 2, balance: 50_000)
        let accountID = try app.accounts.account(email: "eko@example.com").id
        let ledgerBefore = try app.rows(of: accountID).filter { $0.hasPrefix("ledger|") }
        let result = try app.lifecycle.terminate(email: "EKO@example.com", reason: "chargeback fraud", forfeit: false)
        #expect(result.forfeited == 0 && result.account.state == .terminated && result.account.balance == 50_000)

        for login in logins { #expect(app.get("/api/v1/me", login: login).errorCode == "account_terminated") }
        for token in tokens { #expect(app.get("/api/v1/orders", bearer: token).errorCode == "account_terminated") }
        #expect(app.buy(logins[0]).status == 403)
        let atLogin = app.login("eko@example.com", remoteAddress: "10.3.0.1").0
        #expect(atLogin.status == 403 && atLogin.errorCode == "account_terminated")
        // A wrong password still gets the usual 401: termination is not revealed to someone without it.
        #expect(app.login("eko@example.com", password: "not the right one", remoteAddress: "10.3.0.2").0.errorCode == "invalid_credentials")

        let rows = try app.rows(of: accountID)
        #expect(rows.filter { $0.hasPrefix("ledger|") } == ledgerBefore)  // history retained, no forfeiture
        #expect(rows.filter { $0.hasPrefix("token|") }.allSatisfy { !$0.hasSuffix("|∅") })  // every token revoked
        #expect(try app.balance("eko@example.com") == 50_000)
        #expect(try app.outbox().last?.subject.contains("terminated") == true)
        #expect(throws: AccountError.invalidState) { try app.lifecycle.terminate(email: "eko@example.com", reason: "again", forfeit: false) }
        #expect(throws: AccountError.invalidState) { try app.accounts.reinstate(email: "eko@example.com") }
    }

    @Test func terminationWithForfeitBooksItOnceAndALaterRefundCanBeForfeitedToo() throws {
        let app = try TestApp()
        let login = try app.shopper("fitri@example.com", balance: 50_000)
        let accountID = try app.accounts.account(email: "fitri@example.com").id
        #expect(app.buy(login).status == 201)  // still pending when the account is terminated
        let result = try app.lifecycle.terminate(email: "fitri@example.com", reason: "resale of numbers", forfeit: true)
        #expect(result.forfeited == 50_000 - 12_300 && result.account.balance == 0)
        #expect(app.get("/api/v1/me", login: login).errorCode == "account_terminated")
        var ledger = try app.money.ledger(accountID: accountID, before: nil, limit: 10)
        #expect(ledger.first?.kind == .forfeiture && ledger.first?.reference == "account:\(accountID):forfeit")
        #expect(ledger.first?.memo == "account terminated: resale of numbers")

        // The order expires without an SMS and is refunded as always; a second --forfeit takes that too.
        app.clock.advance(by: 1200)
        #expect(try app.rentals.sweep() == 1)
        #expect(try app.balance("fitri@example.com") == 12_300)
        #expect(try app.lifecycle.terminate(email: "fitri@example.com", reason: "refund after termination", forfeit: true).forfeited == 12_300)
        #expect(try app.lifecycle.terminate(email: "fitri@example.com", reason: "nothing left", forfeit: true).forfeited == 0)
        ledger = try app.money.ledger(accountID: accountID, before: nil, limit: 10)
        #expect(ledger.filter { $0.kind == .forfeiture }.map(\.reference) == ["account:\(accountID):forfeit:2", "account:\(accountID):forfeit"])
        #expect(try app.ledgerSum(accountID) == 0)
        #expect(try app.money.audit() == [])
        #expect(app.login("fitri@example.com", remoteAddress: "10.3.1.1").0.errorCode == "account_terminated")
    }

    @Test func aTerminatedOrDeletedAccountCannotBeTheOtherAndUnknownEmailsAreNotFound() throws {
        let app = try TestApp()
        let login = try app.shopper("gilang@example.com", balance: 0)
        #expect(app.deleteAccount(login, confirm: 0).status == 200)
        #expect(throws: AccountError.notFound) { try app.lifecycle.terminate(email: "gilang@example.com", reason: "x", forfeit: true) }
        #expect(throws: AccountError.notFound) { try app.lifecycle.terminate(email: "nobody@example.com", reason: "x", forfeit: false) }
        let other = try app.shopper("hana@example.com", balance: 0)
        _ = try app.lifecycle.terminate(email: "hana@example.com", reason: "x", forfeit: false)
        #expect(app.deleteAccount(other, confirm: 0).errorCode == "account_terminated")
    }

    @Test func termsAnnouncementsMailEachActiveUserOncePerVersion() throws {
        let app = try TestApp()
        let current = app.accounts.settings.currentTermsVersion
        for email in ["ika@example.com", "joko@example.com", "kiki@example.com", "lina@example.com"] {
            _ = try app.accounts.createAccount(email: email, password: TestApp.password, verified: email != "lina@example.com")
        }
        // ika and joko accepted an older version; kiki the current one; lina is unverified; joko gets terminated.
        try app.database.write { try $0.run("UPDATE accounts SET terms_version = '2025-01-01' WHERE email IN ('ika@example.com', 'joko@example.com', 'lina@example.com')") }
        _ = try app.lifecycle.terminate(email: "joko@example.com", reason: "x", forfeit: false)
        let login = try #require(app.login("ika@example.com").1)
        let terms = app.get("/api/v1/me", login: login).json["terms"] as? [String: Any]
        #expect(terms?["accepted"] as? String == "2025-01-01" && terms?["current"] as? String == current)
        #expect(terms?["update_available"] as? Bool == true)

        let mailsBefore = try app.outbox().count
        #expect(try app.lifecycle.announceTerms(version: current) == 1)
        #expect(try app.lifecycle.announceTerms(version: current) == 0)
        let mails = try app.outbox().dropFirst(mailsBefore)
        #expect(mails.map(\.to) == ["ika@example.com"])
        #expect(mails.first?.body.contains("version \(current)") == true && mails.first?.body.contains("https://smscode.test/terms") == true)

        // The notice stays until accepted, then goes; a later version is announced to everyone active again.
        #expect(app.get("/api/v1/me", login: login).json["terms"].flatMap { ($0 as? [String: Any])?["update_available"] as? Bool } == true)
        #expect(app.post("/api/v1/me/terms", body: #"{"version":"\#(current)"}"#, login: login).status == 200)
        let after = app.get("/api/v1/me", login: login).json["terms"] as? [String: Any]
        #expect(after?["accepted"] as? String == current && after?["update_available"] as? Bool == false)
        #expect(try app.lifecycle.announceTerms(version: current) == 0)
        #expect(try app.lifecycle.announceTerms(version: "2027-01-01") == 2)  // ika and kiki
        #expect(try app.lifecycle.announceTerms(version: "2027-01-01") == 0)
        #expect(Set(try app.outbox().suffix(2).map(\.to)) == ["ika@example.com", "kiki@example.com"])
    }

    @Test func theDailyScheduleRunsAtStartThenOncePerDayOfTheInjectedClock() {
        let clock = ManualClock()
        var schedule = Schedule(interval: 86_400)
        var runs = 0
        for _ in 0..<(3 * 24 * 60) {  // three days, checked every minute as the job loop would
            if schedule.isDue(clock.date) { runs += 1 }
            clock.advance(by: 60)
        }
        #expect(runs == 3)
        let setBack = schedule.isDue(clock.date.addingTimeInterval(-7 * 86_400))
        #expect(setBack)  // a clock set back does not stop it
    }
}
