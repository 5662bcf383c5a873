import Core
import Synchronization
import Testing
@testable import Providers

/// The upstream client against scripted answers: every token maps to one outcome, and timeouts or
/// garbage become `providerUnavailable` (nothing charged), never a crash.
@Suite struct SMSActivateUpstreamTests {
    /// Records each request's form and answers with the next scripted reply.
    final class Script: Sendable {
        let replies: Mutex<[Result<(Int, String), GatewayError>]>
        let forms = Mutex<[String]>([])

        init(_ replies: [Result<(Int, String), GatewayError>]) {
            self.replies = Mutex(replies)
        }

        var transport: HTTPTransport {
            HTTPTransport { _, _, body in
                self.forms.withLock { $0.append(String(decoding: body, as: UTF8.self)) }
                let reply = self.replies.withLock { $0.isEmpty ? .success((200, "")) : $0.removeFirst() }
                let (status, text) = try reply.get()
                return (status, Array(text.utf8))
            }
        }
    }

    static let indonesia = Country(iso: "ID", dialCode: "62", nameID: "Indonesia", nameEN: "Indonesia", smsActivateID: 6, fivesimName: "indonesia", sort: 1)
    static let telegram = Service(code: "tg", name: "Telegram", fivesimName: "telegram", category: "social", sort: 1)

    func upstream(_ script: Script, rate: Double = 1) -> SMSActivateUpstream {
        SMSActivateUpstream(config: .init(endpoint: "http://upstream.test/stubs/handler_api.php", apiKey: "k&y", rupiahPerUnit: rate,
                                          windows: RentalWindows(["*": 900])),
                            http: script.transport, countryForID: { $0 == 6 ? "ID" : nil })
    }

    @Test func leaseSendsTheConvertedMaxPriceAndReadsTheNumber() throws {
        let script = Script([.success((200, "ACCESS_NUMBER:635468024:6281234567890"))])
        let lease = try upstream(script, rate: 16_000).lease(LeaseRequest(country: Self.indonesia, service: Self.telegram, operator: "telkomsel", maxCost: 8_100))
        #expect(lease == Lease(providerOrderID: "635468024", phone: "+6281234567890"))
        #expect(script.forms.withLock { $0 } == ["api_key=k%26y&action=getNumber&service=tg&country=6&operator=telkomsel&maxPrice=0.50"])
    }

    @Test(arguments: [
        (200, "NO_NUMBERS", RentalError.noNumbers), (200, "WRONG_MAX_PRICE:12.50", .noNumbers), (200, "BAD_SERVICE", .noNumbers),
        (200, "NO_BALANCE", .providerUnavailable), (401, "BAD_KEY", .providerUnavailable), (200, "ERROR_SQL", .providerUnavailable),
        (200, "ACCESS_NUMBER:12", .providerUnavailable), (200, "ACCESS_NUMBER:12:notaphone", .providerUnavailable),
        (502, "Bad Gateway", .providerUnavailable), (200, "<html>oops</html>", .providerUnavailable), (200, "", .providerUnavailable),
        (200, "sorry, try later", .providerUnavailable),
    ])
    func everyPurchaseAnswerMaps(status: Int, body: String, expected: RentalError) {
        let script = Script([.success((status, body))])
        #expect(throws: expected) {
            try upstream(script).lease(LeaseRequest(country: Self.indonesia, service: Self.telegram, operator: "any"))
        }
    }

    @Test func aTimeoutIsUnavailable() {
        let script = Script([.failure(.unavailable("gateway timed out"))])
        #expect(throws: RentalError.providerUnavailable) {
            try upstream(script).lease(LeaseRequest(country: Self.indonesia, service: Self.telegram, operator: "any"))
        }
    }

    @Test func statusReadsWaitingCodesAndCancellation() throws {
        let script = Script([
            .success((200, "STATUS_WAIT_CODE")), .success((200, "STATUS_WAIT_RETRY:112648")),
            .success((200, "STATUS_OK:112648")), .success((200, "FULL_SMS:Telegram code: 112648")),
            .success((200, "STATUS_OK:99")), .success((200, "NO_ACTIVATION")),
            .success((200, "STATUS_CANCEL")), .success((200, "what?")),
        ])
        let client = upstream(script)
        #expect(try client.status("1") == .waiting)
        #expect(try client.status("1") == .waiting)
        #expect(try client.status("1") == .sms(text: "Telegram code: 112648", code: "112648"))
        #expect(try client.status("1") == .sms(text: "99", code: "99")) // getFullSms failed: the code alone
        #expect(try client.status("1") == .canceled)
        #expect(throws: RentalError.providerUnavailable) { try client.status("1") }
    }

    @Test func releaseFinishesOrCancelsUpstream() {
        let script = Script([.success((200, "ACCESS_ACTIVATION")), .success((200, "ACCESS_CANCEL")), .failure(.unavailable("down"))])
        let client = upstream(script)
        client.release("7", .finished)
        client.release("8", .expired)
        client.release("9", .canceled) // a failure is swallowed: the upstream expires it by itself
        #expect(script.forms.withLock { $0 } == ["api_key=k%26y&action=setStatus&id=7&status=6", "api_key=k%26y&action=setStatus&id=8&status=8",
                                                 "api_key=k%26y&action=setStatus&id=9&status=8"])
    }

    @Test func stockComesFromGetPricesWithStringsOrNumbers() throws {
        let script = Script([.success((200, #"{"6": {"tg": {"cost": 6500.0, "count": 150}, "ig": {"cost": "3000", "count": "0"}}, "999": {"tg": {"cost": 1, "count": 5}}}"#))])
        #expect(try upstream(script, rate: 2.5).stock() == [StockLevel(country: "ID", service: "ig", count: 0, cost: 7_500),
                                                            StockLevel(country: "ID", service: "tg", count: 150, cost: 16_250)])
        #expect(throws: RentalError.providerUnavailable) { try upstream(Script([.success((200, "BAD_KEY"))])).stock() }
    }

    @Test func windowsTravelWithTheProvider() {
        #expect(upstream(Script([])).provider.windows.window(for: "tg") == 900)
        #expect(RentalWindows.parse("*=1200, wa=900") == RentalWindows(["*": 1200, "wa": 900]))
        #expect(RentalWindows.parse("wa=30") == nil)
        #expect(RentalWindows.parse("wa") == nil)
        #expect(RentalWindows.parse("") == RentalWindows())
    }
}
