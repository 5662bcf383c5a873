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
}
