/// Rupiah as Indonesians write it: `Rp 15.000` (dot thousands separator, no decimals). One formatter for
/// the sandbox pay page, the site's price tables and anything else that shows money to people.
public enum Rupiah {
    public static func format(_ amount: Int64) -> String {
        let digits = String(amount.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        return (amount < 0 ? "-Rp " : "Rp ") + grouped
    }
}
