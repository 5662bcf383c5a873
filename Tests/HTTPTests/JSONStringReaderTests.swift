import HTTP
import Testing

/// The string reader both strict JSON parsers share: what it decodes, where it leaves the index, and
/// what it refuses (the parsers' own tests cover the same cases through whole documents).
@Suite struct JSONStringReaderTests {
    @Test(arguments: [
        (#""plain" tail"#, "plain", 7),
        (#""a\"b\\c\/d\b\f\n\r\t" x"#, "a\"b\\c/d\u{08}\u{0C}\n\r\t", 22),
        (#""caf\u00e9 \ud83d\ude00 é""#, "café 😀 é", 27),
        (#""""#, "", 2),
    ])
    func decodes(json: String, expected: String, endIndex: Int) throws {
        var index = 0
        #expect(try JSONStringReader.read(Array(json.utf8), at: &index) == expected)
        #expect(index == endIndex)
    }

    @Test(arguments: [
        (#""abc"#, "unterminated string"),
        (#""a\"#, "unterminated escape"),
        (#""\u00"#, "unterminated escape"),
        (#""\u0000""#, "\\u0000 is not accepted"),
        (#""\ud800x""#, "a lone surrogate"),
        (#""\ud800\u0041""#, "a lone surrogate"),
        (#""\udc00""#, "a lone surrogate"),
        (#""\x41""#, "invalid escape at byte 2"),
        (#""\u12G4""#, "invalid \\u escape"),
        ("\"a\tb\"", "a control character inside a string"),
    ])
    func refuses(json: String, reason: String) {
        var index = 0
        #expect(throws: JSONStringReader.Failure(reason: reason)) {
            try JSONStringReader.read(Array(json.utf8), at: &index)
        }
    }

    @Test func refusesInvalidUTF8EvenBetweenEscapes() {
        var index = 0
        #expect(throws: JSONStringReader.Failure(reason: "a string is not valid UTF-8")) {
            try JSONStringReader.read([0x22, 0x5C, 0x6E, 0xC3, 0x5C, 0x6E, 0x22], at: &index)
        }
    }
}
