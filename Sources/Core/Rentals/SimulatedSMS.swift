/// The built-in simulated provider's realism: phone numbers that look like the country's mobile numbers
/// and SMS texts that look like each service's, so `make run` and the client tests see what a real
/// upstream would give them.
public enum SimulatedSMS {
    /// Mobile prefixes (after the dial code) and subscriber digits per country; others get a generic shape.
    static let numberPlans: [String: (prefixes: [String], digits: Int)] = [
        "ID": (["811", "812", "813", "821", "822", "852", "853", "814", "815", "816", "855", "856", "857", "858",
                "817", "818", "819", "859", "877", "878", "895", "896", "897", "898", "899", "881", "882", "883"], 8),
        "PH": (["905", "906", "915", "916", "917", "926", "927", "935", "936", "945", "953", "975", "977", "995", "997"], 7),
        "VN": (["32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79", "86", "96", "97", "98"], 7),
        "TH": (["61", "62", "63", "64", "65", "80", "81", "82", "83", "84", "85", "86", "87", "88", "89", "90", "91"], 7),
        "MY": (["11", "12", "13", "14", "16", "17", "18", "19"], 7),
        "IN": (["70", "72", "73", "74", "75", "76", "77", "78", "79", "80", "81", "82", "83", "84", "85", "86", "87", "88", "89", "90"], 8),
        "RU": (["900", "901", "902", "903", "904", "905", "906", "915", "916", "917", "925", "926", "977", "985", "999"], 7),
        "US": (["201", "212", "213", "305", "312", "347", "415", "646", "702", "718", "917"], 7),
        "GB": (["7400", "7500", "7700", "7800", "7900"], 6),
    ]

    /// An E.164 number (`+62812…`) for `country` with dial code `dialCode`, drawn from `random`.
    public static func phoneNumber(country: String, dialCode: String, random: RandomSource) -> String {
        let plan = numberPlans[country] ?? (["9"], 8)
        let bytes = random.bytes(1 + plan.digits)
        let prefix = plan.prefixes[Int(bytes[0]) % plan.prefixes.count]
        let subscriber = bytes.dropFirst().map { String($0 % 10) }.joined()
        return "+" + dialCode + prefix + subscriber
    }

    /// A verification code of `length` digits, never starting with 0 (as services send them).
    public static func code(length: Int = 6, random: RandomSource) -> String {
        let bytes = random.bytes(length)
        return String(1 + Int(bytes[0]) % 9) + bytes.dropFirst().map { String($0 % 10) }.joined()
    }

    /// The text a service sends, with `code` in the service's own format.
    public static func text(service: String, serviceName: String, code: String) -> String {
        let dashed = code.count == 6 ? code.prefix(3) + "-" + code.suffix(3) : Substring(code)
        switch service {
        case "tg": return "Telegram code: \(code)\n\nYou can also tap on this link to log in: https://t.me/login/\(code)"
        case "wa": return "<#> Kode WhatsApp Anda: \(dashed)\nJangan bagikan kode ini."
        case "go": return "G-\(code) is your Google verification code."
        case "fb": return "\(code) adalah kode konfirmasi Facebook Anda"
        case "ig": return "\(code) is your Instagram code. Don't share it."
        case "ka": return "[Shopee] JANGAN BERIKAN kode ini ke siapa pun. Kode verifikasi: \(code). Berlaku 15 menit."
        case "jg": return "<#> Kode Grab Anda adalah \(code). Kode ini akan kedaluwarsa dalam 5 menit."
        case "ni": return "<#> Kode verifikasi Gojek kamu: \(code). JANGAN kasih kode ini ke siapa pun, termasuk pihak Gojek."
        case "lf": return "[TikTok] \(code) is your verification code, valid for 5 minutes."
        default: return "Your \(serviceName) verification code is \(code)."
        }
    }

    /// Whether this order will ever get an SMS (a share never does, so refunds are exercised), and after
    /// how many seconds, within `delay`.
    public static func plan(noSMSRate: Double, delay: ClosedRange<Int>, random: RandomSource) -> Int? {
        plan(noSMSRate: noSMSRate, delay: delay, seed: random.bytes(3))
    }

    /// The same from given random bytes (at least 3): the simulator uses the ones its provider order id
    /// carries, so a restarted process finds each open order's plan again instead of drawing a new one
    /// (a new draw per restart would give every order that was never to get an SMS another chance).
    public static func plan(noSMSRate: Double, delay: ClosedRange<Int>, seed: [UInt8]) -> Int? {
        let roll = Double(UInt16(seed[0]) << 8 | UInt16(seed[1])) / 65536
        guard roll >= noSMSRate else { return nil }
        return delay.lowerBound + Int(seed[2]) % (delay.count)
    }

    /// The random bytes a simulated provider order id (`SIM-` and 16 lowercase hex digits) was made from.
    public static func seed(ofProviderOrderID id: String) -> [UInt8]? {
        guard id.hasPrefix("SIM-"), let bytes = Hex.decode(String(id.dropFirst(4))), bytes.count == 8 else { return nil }
        return bytes
    }
}
