/// Lowercase hex: ids, request ids, digests and gateway signatures all use this one spelling.
public enum Hex {
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when `text` is exactly `count` lowercase hex digits. Checked before any compare, so a
    /// signature of the wrong shape is refused for its shape and never reaches the key.
    public static func isLowercase(_ text: String, count: Int) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == count && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// The value of one hex digit in either case (percent-encoding and JSON `\u` escapes allow both);
    /// nil for any other byte.
    public static func digitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The bytes `encode` wrote: `text` must be lowercase hex of even length, else nil.
    public static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0, isLowercase(text, count: digits.count) else { return nil }
        return stride(from: 0, to: digits.count, by: 2).map { index in
            // Both digits are known to be hex: checked above.
            digitValue(digits[index])! << 4 | digitValue(digits[index + 1])!
        }
    }
}
