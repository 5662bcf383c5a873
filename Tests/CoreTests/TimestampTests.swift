import Foundation
import Testing
@testable import Core

/// The hand-written RFC 3339 formatter and parser agree with Foundation's across centuries, leap days
/// and the epoch, and refuse anything but the one form the database and API use.
@Suite struct TimestampTests {
    static let foundation = Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt)

    @Test func agreesWithFoundationOnManyInstants() throws {
        var random = SystemRandomNumberGenerator()
        let fixed: [Double] = [0, -1, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, 4_107_542_399 /* 2100-02-28T23:59:59 */,
                               1_795_780_800, -2_208_988_800 /* 1900-01-01 */, 253_402_300_799 /* 9999-12-31T23:59:59 */]
        let samples = fixed + (0..<2_000).map { _ in Double(Int64.random(in: -2_208_988_800...4_102_444_800, using: &random)) }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            let text = Timestamp.format(date)
            #expect(text == date.formatted(Self.foundation), "\(seconds)")
            #expect(Timestamp.parse(text) == date, "\(text)")
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1.9)) == "1970-01-01T00:00:01Z") // whole seconds, rounded down
    }

    @Test(arguments: ["", "2026-11-27", "2026-11-27T10:00:00", "2026-11-27T10:00:00.5Z", "2026-11-27 10:00:00Z", "2026-13-01T00:00:00Z",
                      "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T10:60:00Z", "2026-11-27T10:00:00+07:00",
                      "2O26-11-27T10:00:00Z"])
    func refusesOtherForms(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func acceptsLeapDays() {
        #expect(Timestamp.parse("2028-02-29T12:00:00Z") == Date(timeIntervalSince1970: 1_835_438_400))
        #expect(Timestamp.parse("2100-02-29T00:00:00Z") == nil)
    }
}
