import HTTP
import Testing

@Suite struct StrictJSONTests {
    @Test func acceptsAnObjectAndReturnsItsKeys() throws {
        let keys = try StrictJSON.validateObject(Array(#" {"amount": 15000, "gateway":"duitku", "x": [1, -2.5e3, true, null, {"a": "\u00e9\ud83d\ude00"}]} "#.utf8))
        #expect(keys == ["amount", "gateway", "x"])
    }

    @Test(arguments: [
        (#"{"amount":1,"amount":2}"#, "duplicate member 'amount'"),
        (#"{"a":1,}"#, "expected a member name at byte 7"),
        ("\u{FEFF}{\"a\":1}", "expected a JSON object"),
        (#"{"a":"\u0000"}"#, "\\u0000 is not accepted"),
        (#"{"a":"\ud800"}"#, "a lone surrogate"),
        (#"{"a":01}"#, "expected ',' or '}' at byte 6"),
        (#"{"a":1} x"#, "unexpected data after the object"),
        (#"[1]"#, "expected a JSON object"),
        ("", "the body is empty"),
        ("{\"a\":\"\u{01}\"}", "a control character inside a string"),
        (#"{"a":1.}"#, "invalid number at byte 5"),
        (#"{"a":tru}"#, "invalid literal at byte 8"),
    ])
    func rejects(body: String, reason: String) {
        #expect(throws: StrictJSON.Failure(reason: reason)) {
            try StrictJSON.validateObject(Array(body.utf8))
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: StrictJSON.Failure(reason: "a string is not valid UTF-8")) {
            try StrictJSON.validateObject([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])
        }
    }

    @Test func boundsNesting() {
        let deep = String(repeating: "{\"a\":", count: 40) + "1" + String(repeating: "}", count: 40)
        #expect(throws: StrictJSON.Failure(reason: "nesting deeper than 32")) {
            try StrictJSON.validateObject(Array(deep.utf8))
        }
    }
}

@Suite struct JSONBodyTests {
    struct Deposit: JSONBody, Equatable {
        static let allowedKeys: Set<String> = ["amount", "gateway"]
        let amount: Int64
        let gateway: String
    }

    func request(_ body: String, contentType: String? = "application/json") -> Request {
        var headers = Headers()
        headers["content-type"] = contentType
        return Request(method: "POST", path: "/x", headers: headers, body: Array(body.utf8))
    }

    @Test func decodesAValidBody() throws {
        let deposit = try request(#"{"amount":15000,"gateway":"duitku"}"#, contentType: "application/json; charset=UTF-8").decodeJSON(Deposit.self)
        #expect(deposit == Deposit(amount: 15000, gateway: "duitku"))
    }

    @Test func wrongContentTypeIs415() {
        #expect(throws: HTTPError.unsupportedMediaType) { try request("{}", contentType: "text/plain").decodeJSON(Deposit.self) }
        #expect(throws: HTTPError.unsupportedMediaType) { try request("{}", contentType: nil).decodeJSON(Deposit.self) }
    }

    @Test func malformedJSONIs400() {
        #expect(throws: HTTPError.invalidRequest("The body is not valid JSON: expected ':' at byte 10.")) {
            try request(#"{"amount" 1}"#).decodeJSON(Deposit.self)
        }
    }

    @Test func unknownFieldIs400() {
        #expect(throws: HTTPError.invalidRequest("Unknown field 'max_prise'.")) {
            try request(#"{"amount":1,"gateway":"x","max_prise":5}"#).decodeJSON(Deposit.self)
        }
    }

    @Test func missingAndMistypedFieldsAreNamed() {
        #expect(throws: HTTPError.invalidRequest("Missing field 'gateway'.")) {
            try request(#"{"amount":1}"#).decodeJSON(Deposit.self)
        }
        #expect(throws: HTTPError.invalidRequest("Field 'amount' has the wrong type.")) {
            try request(#"{"amount":"5","gateway":"x"}"#).decodeJSON(Deposit.self)
        }
    }
}
