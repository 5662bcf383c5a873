import Core

/// `application/x-www-form-urlencoded`, strictly (payments.md C.1).
///
/// Why not `URLComponents.queryItems`: it leaves `+` as `+` (checked on Linux Swift 6.3.1), and it keeps
/// duplicate keys, so a verifier and the business logic could read different values of one field.
/// Here `+` is a space, `%XX` must be two hex digits, the result must be UTF-8, and a key may appear once.
public enum FormBody {
    public struct Failure: Error, Equatable, Sendable {
        public let reason: String

        public init(reason: String) { self.reason = reason }
    }

    /// Callbacks carry about 15 fields; anything far beyond that is not a gateway talking.
    public static let maxFields = 64

    /// Decodes a form body into its fields. Empty segments (`a=1&&b=2`, a trailing `&`) are skipped, as
    /// every form parser does; a segment without `=` is a key with an empty value.
    public static func parse(_ body: [UInt8]) throws(Failure) -> [String: String] {
        var fields: [String: String] = [:]
        for segment in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard fields.count < maxFields else { throw Failure(reason: "more than \(maxFields) fields") }
            let parts = segment.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let key = try decode(parts[0])
            let value = parts.count > 1 ? try decode(parts[1]) : ""
            guard !key.isEmpty else { throw Failure(reason: "a field without a name") }
            guard fields[key] == nil else { throw Failure(reason: "duplicate field '\(key)'") }
            fields[key] = value
        }
        return fields
    }

    /// Encodes fields in the given order the way HTML forms and PHP do (space as `+`, everything but
    /// `A-Za-z0-9-._~` percent-encoded), so our sandbox callbacks look like a real gateway's.
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    static func decode(_ raw: ArraySlice<UInt8>) throws(Failure) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
                index += 1
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < raw.endIndex, let high = Hex.digitValue(raw[index + 1]), let low = Hex.digitValue(raw[index + 2]) else {
                    throw Failure(reason: "a '%' not followed by two hex digits")
                }
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Failure(reason: "a field is not valid UTF-8") }
        return text
    }

    static func escape(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5a, 0x61...0x7a, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case 0x20:
                out.append(UInt8(ascii: "+"))
            default:
                out.append(contentsOf: [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
