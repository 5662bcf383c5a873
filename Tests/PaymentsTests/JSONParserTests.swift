@testable import Payments
import Testing

@Suite struct JSONParserTests {
    @Test func parsesValuesKeepingNumberText() throws {
        let value = try JSONParser.parse(Array(#" {"a":"x\/y\u00fc\ud83d\ude00","n":-1.50e+2,"t":true,"f":false,"z":null,"l":[1,{}]} "#.utf8))
        #expect(value == .object(["a": .string("x/yü😀"), "n": .number("-1.50e+2"), "t": .bool(true), "f": .bool(false), "z": .null,
                                  "l": .array([.number("1"), .object([:])])]))
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, #"{"a":1,"\u0061":2}"#, #"{"a":1,}"#, "[1,]", "\u{FEFF}{}", #"{"a":"\u0000"}"#, #"{"a":"\ud800"}"#,
        "{\"a\":\"\n\"}", "{} {}", "01", "1.", "-", "tru", #"{"a" 1}"#, "", #"{"a":"\x"}"#,
        String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
    ])
    func rejects(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xff, 0x22]) }
    }

    @Test func encodesCompactSortedAndEscaped() {
        let value: JSONValue = .object(["b": .string("q\"\\\n\u{01}/ü"), "a": .array([.int(5), .bool(false), .null])])
        #expect(value.encoded == #"{"a":[5,false,null],"b":"q\"\\\n\u0001/ü"}"#)
    }
}
