@testable import Payments
import Testing

@Suite struct FormBodyTests {
    @Test func decodesPlusPercentAndUTF8() throws {
        let fields = try FormBody.parse(Array("productDetail=Top+up+saldo+Rp+150.000+%26+bonus%3D%2B1+%C3%BC&empty=&bare".utf8))
        #expect(fields == ["productDetail": "Top up saldo Rp 150.000 & bonus=+1 ü", "empty": "", "bare": ""])
    }

    @Test func keysArePercentDecodedToo() throws {
        #expect(try FormBody.parse(Array("a%62c=1".utf8)) == ["abc": "1"])
    }

    @Test func skipsEmptySegments() throws {
        #expect(try FormBody.parse(Array("a=1&&b=2&".utf8)) == ["a": "1", "b": "2"])
        #expect(try FormBody.parse([]) == [:])
    }

    @Test func keepsEqualsSignsInValues() throws {
        #expect(try FormBody.parse(Array("a=b=c".utf8)) == ["a": "b=c"])
    }

    @Test(arguments: [
        "amount=1&amount=2",            // duplicate key
        "amount=1&%61mount=2",          // duplicate after decoding
        "a=%zz", "a=%4", "a=%",          // broken escapes
        "a=%C3",                        // truncated UTF-8
        "a=%FF",                        // invalid UTF-8
        "=value",                       // no name
    ])
    func rejects(body: String) {
        #expect(throws: FormBody.Failure.self) { try FormBody.parse(Array(body.utf8)) }
    }

    @Test func rejectsRawInvalidUTF8() {
        #expect(throws: FormBody.Failure.self) { try FormBody.parse([0x61, 0x3d, 0xff]) }
    }

    @Test func capsTheFieldCount() {
        let body = (0...FormBody.maxFields).map { "f\($0)=1" }.joined(separator: "&")
        #expect(throws: FormBody.Failure.self) { try FormBody.parse(Array(body.utf8)) }
    }

    @Test func encodeRoundTripsLikeHTMLForms() throws {
        let fields = [("note", "a b&c=d+e/ü~"), ("x", "")]
        let body = FormBody.encode(fields)
        #expect(body == "note=a+b%26c%3Dd%2Be%2F%C3%BC~&x=")
        #expect(try FormBody.parse(Array(body.utf8)) == ["note": "a b&c=d+e/ü~", "x": ""])
    }

    @Test func wholeRupiahFollowsTheA6Regex() {
        #expect(Wire.wholeRupiah("15000") == 15000)
        #expect(Wire.wholeRupiah("15000.0") == 15000)
        #expect(Wire.wholeRupiah("15000.00") == 15000)
        #expect(Wire.wholeRupiah("0") == 0)
        #expect(Wire.wholeRupiah("999999999999999") == 999_999_999_999_999)
        for bad in ["", "015000", "15000.", "15000.000", "15000.50", "1e4", "-15000", "+15000", " 15000",
                    "15,000", "1000000000000000", ".00", "１５０００"] {
            #expect(Wire.wholeRupiah(bad) == nil, "\(bad)")
        }
    }

    @Test func mediaTypeIgnoresParametersAndCase() {
        #expect(Wire.mediaType("Application/JSON; charset=utf-8") == "application/json")
        #expect(Wire.mediaType(" application/x-www-form-urlencoded ") == "application/x-www-form-urlencoded")
    }
}
