#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core

/// Text forms the compatibility protocols expect for money, times and phone numbers.
enum CompatFormat {
    /// Whole rupiah with two decimals, as SMS-Activate writes amounts in tokens (`ACCESS_BALANCE:12300.00`).
    static func money(_ rupiah: Int64) -> String { String(rupiah) + ".00" }

    /// `YYYY-MM-DD HH:MM:SS` in UTC (SMS-Activate's `activationTime`; clients parse it with `strptime`).
    static func dateTime(_ date: Date) -> String {
        let stamp = Timestamp.format(date)            // 2026-11-27T09:38:18Z
        return String(stamp.prefix(19)).replacing("T", with: " ")
    }

    /// RFC 3339 UTC (5sim's `created_at`, `expires`).
    static func rfc3339(_ date: Date) -> String { Timestamp.format(date) }

    /// Digits only, no `+` (SMS-Activate; clients call `int()` on it).
    static func digits(_ phone: String) -> String { phone.hasPrefix("+") ? String(phone.dropFirst()) : phone }

    /// A decimal amount as clients send it (`12300`, `12300.5`, `0.25`) rounded DOWN to whole rupiah, so a
    /// limit is never exceeded; nil when it is not a plain non-negative decimal number.
    static func wholeRupiah(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, (1...15).contains(whole.utf8.count), whole.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if parts.count == 2 {
            guard (1...10).contains(parts[1].utf8.count), parts[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        }
        return Int64(whole)
    }

    /// Booleans in the spellings clients send: `1`/`0`, `true`/`false` (any case, Python's `True`), `yes`/`no`, `on`/`off`.
    static func flag(_ text: String?) -> Bool? {
        guard let text else { return nil }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off", "": return false
        default: return nil
        }
    }
}
