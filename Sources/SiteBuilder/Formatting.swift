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

    /// UTC calendar fields (Core's `Timestamp.utcFields`, the one civil-date algorithm in the code).
    static func components(_ date: Date) -> (day: Int, month: Int, year: Int, hour: Int, minute: Int) {
        let fields = Timestamp.utcFields(date)
        return (Int(fields.day), Int(fields.month), Int(fields.year), Int(fields.secondOfDay / 3600), Int(fields.secondOfDay % 3600 / 60))
    }
}
