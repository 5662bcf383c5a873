import Core
import Foundation

/// Small parsers shared by the gateway adapters.
enum Wire {
    /// Whole rupiah from a gateway's amount string: `15000`, `15000.0` or `15000.00` and nothing else
    /// (payments.md A.6 step 4: `^(0|[1-9][0-9]{0,14})(\.0{1,2})?$`). Sen are never used in IDR, so a
    /// non-zero fraction, a sign, spaces or exponents mean the amount is not one we asked for.
    static func wholeRupiah(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var integerPart = bytes[...]
        if let dot = bytes.firstIndex(of: UInt8(ascii: ".")) {
            let fraction = bytes[(dot + 1)...]
            guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
            integerPart = bytes[..<dot]
        }
        guard (1...15).contains(integerPart.count), integerPart.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if integerPart.count > 1 && integerPart.first == UInt8(ascii: "0") { return nil }
        return Int64(String(decoding: integerPart, as: UTF8.self))
    }

    /// The media type of a `Content-Type` value, lowercased, without parameters (`; charset=…`).
    static func mediaType(_ contentType: String) -> String {
        let main = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return main.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// A gateway's own error text, cut to something safe to show a user and to log: printable, one line,
    /// at most 200 characters. Gateways are not trusted to send sane messages.
    static func message(_ text: String?, fallback: String) -> String {
        let cleaned = String((text ?? "").unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }
            .map(Character.init)).trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty ? fallback : String(cleaned.prefix(200))
    }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Hex HMAC-SHA256 of a UTF-8 message: Duitku's current scheme and the sandbox's.
    static func hmacHex(_ digest: Digest, key: String, message: String) -> String {
        Hex.encode(digest.hmacSHA256(Array(key.utf8), Array(message.utf8)))
    }
}
