import HTTP
import Testing

@Suite struct HTTPErrorTests {
    @Test func rendersTheErrorEnvelope() {
        let response = HTTPError(status: 409, code: "no_numbers", message: "No \"numbers\" <left>\n").response
        #expect(response.status == 409)
        #expect(response.header("Content-Type") == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"error":{"code":"no_numbers","message":"No \"numbers\" \u003cleft>\n"}}"#)
    }

    @Test func rateLimitedCarriesRetryAfter() {
        let response = HTTPError.rateLimited(retryAfter: 7).response
        #expect(response.status == 429)
        #expect(response.header("retry-after") == "7")
    }

    @Test func methodNotAllowedCarriesAllow() {
        #expect(HTTPError.methodNotAllowed(allowed: ["GET", "HEAD"]).response.header("Allow") == "GET, HEAD")
    }

    @Test func equalityComparesHeadersToo() {
        #expect(HTTPError.rateLimited(retryAfter: 1) != HTTPError.rateLimited(retryAfter: 2))
        #expect(HTTPError.rateLimited(retryAfter: 1) == HTTPError.rateLimited(retryAfter: 1))
    }
}
