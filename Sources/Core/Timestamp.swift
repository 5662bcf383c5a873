#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// RFC 3339 UTC timestamps with whole seconds: the one text form of time in the database, the API and
/// list cursors (so text order is time order). Formatted and parsed by hand with the civil-calendar
/// algorithm (Howard Hinnant's `days_from_civil`): Foundation's ISO 8601 style took a fifth of the CPU of
/// an order-status poll, which reads and writes several of these per request.
public enum Timestamp {
    /// UTC calendar fields of `date` (proleptic Gregorian), without a `Calendar`: shared by this
    /// formatter and the site's human-readable dates.
    public static func utcFields(_ date: Date) -> (year: Int64, month: Int64, day: Int64, secondOfDay: Int64) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, day) = civil(fromDays: days)
        return (year, month, day, seconds - days * 86_400)
    }

    public static func format(_ date: Date) -> String {
        let (year, month, day, secondOfDay) = utcFields(date)
        // Written in place into the string's own storage: the order poll formats two of these per
        // answer, and a scratch array per field showed up in its profile.
        return String(unsafeUninitializedCapacity: 20) { out in
            func digits(_ value: Int64, _ width: Int, at start: Int) {
                var rest = value
                for index in stride(from: start + width - 1, through: start, by: -1) {
                    out[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
            }
            digits(year, 4, at: 0); out[4] = UInt8(ascii: "-"); digits(month, 2, at: 5); out[7] = UInt8(ascii: "-")
            digits(day, 2, at: 8); out[10] = UInt8(ascii: "T")
            digits(secondOfDay / 3600, 2, at: 11); out[13] = UInt8(ascii: ":"); digits(secondOfDay / 60 % 60, 2, at: 14)
            out[16] = UInt8(ascii: ":"); digits(secondOfDay % 60, 2, at: 17); out[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ` (what `format` writes); nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z") else { return nil }
        func number(_ from: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[from..<from + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
