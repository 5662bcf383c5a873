import HTTP
import Testing

@Suite struct RequestParsingTests {
    @Test func decodesPathAndQuery() throws {
        let request = try Request.parse(method: "get", target: "/api/v1/prices?country=ID&service=t%67&note=a+b&flag")
        #expect(request.method == "GET")
        #expect(request.path == "/api/v1/prices")
        #expect(request.queryValue("country") == "ID")
        #expect(request.queryValue("service") == "tg")
        #expect(request.queryValue("note") == "a b")
        #expect(request.queryValue("flag") == "")
    }

    @Test func plusStaysLiteralInPath() throws {
        let request = try Request.parse(method: "GET", target: "/a+b/%C3%A9")
        #expect(request.path == "/a+b/é")
    }

    @Test(arguments: [
        ("/api/v1/health?x=%zz", "The query string has invalid percent-encoding or is not UTF-8."),
        ("/api/v1/health?x=%ff", "The query string has invalid percent-encoding or is not UTF-8."),
        ("/api/v1/health?x=%4", "The query string has invalid percent-encoding or is not UTF-8."),
        ("/api/v1/%ff", "The request path has invalid percent-encoding or is not UTF-8."),
        ("/api/v1/%", "The request path has invalid percent-encoding or is not UTF-8."),
        ("/api/v1/%0a", "The request path contains control characters."),
        ("api/v1/health", "The request path must start with '/'."),
    ])
    func rejectsBadTargets(target: String, message: String) {
        #expect(throws: HTTPError.invalidRequest(message)) {
            try Request.parse(method: "GET", target: target)
        }
    }

    @Test func headersAreCaseInsensitive() {
        var headers = Headers()
        headers["Content-Type"] = "application/json"
        #expect(headers["content-type"] == "application/json")
        #expect(headers["CONTENT-TYPE"] == "application/json")
        #expect(headers.names == ["content-type"])
    }
}

@Suite struct PlainNumberTests {
    @Test func onlyPlainDigitsAreNumbers() {
        #expect(PlainNumber.parse("0") == 0)
        #expect(PlainNumber.parse("42") == 42)
        for text in ["", "+1", "-1", "01", "1.0", " 1", "1e3", "9999999999999999999"] { #expect(PlainNumber.parse(text) == nil, "\(text)") }
    }
}
