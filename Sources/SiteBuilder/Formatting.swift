#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core

/// How the site writes prices, stock and times, the same way in every page of a language.
enum Formatting {
    /// Stock as a word rather than a count that goes stale between builds: `banyak` / `sedikit` / `habis`.
    enum StockBand: String {
        case plenty, few, none

        init(_ stock: Int64) {
            self = stock <= 0 ? .none : stock < StockBand.fewBelow ? .few : .plenty
        }

        /// Fewer numbers than this in stock count as "few".
        static let fewBelow: Int64 = 100

        var stringKey: String { "stock_" + rawValue }
    }

    static func price(_ amount: Int64) -> String { Rupiah.format(amount) }

    /// `27 November 2026, 10.00 UTC` (Indonesian writes the time with a dot), `27 November 2026, 10:00 UTC`.
    static func dateTime(_ date: Date, strings: Strings) -> String {
        let (day, month, year, hour, minute) = components(date)
        let separator = strings.language == "id" ? "." : ":"
        return "\(day) \(monthName(month, strings)) \(year), \(pad(hour))\(separator)\(pad(minute)) UTC"
    }

    static func monthName(_ month: Int, _ strings: Strings) -> String {
        let names = strings["months"].split(separator: ",").map { $0.trimmingSpaces }
        return names.count == 12 ? names[month - 1] : String(month)
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// UTC calendar fields without a Calendar (days-from-civil, inverted; proleptic Gregorian).
    static func components(_ date: Date) -> (day: Int, month: Int, year: Int, hour: Int, minute: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (day, month, year, secondOfDay / 3600, secondOfDay % 3600 / 60)
    }
}
