import Core

extension JSONParser {
    /// Reads a string at `index` (on its opening quote) and returns its decoded value.
    mutating func string() throws(Failure) -> String {
        index += 1
        var out = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() throws(Failure) {
            guard !raw.isEmpty else { return }
            guard let text = String(validating: raw, as: UTF8.self) else { throw Failure(reason: "a string is not valid UTF-8") }
            out.append(contentsOf: text.unicodeScalars)
            raw.removeAll(keepingCapacity: true)
        }
        while true {
            guard let byte = peek else { throw Failure(reason: "unterminated string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                try flush()
                return String(out)
            case UInt8(ascii: "\\"):
                try flush()
                out.append(try escape())
            case 0x00..<0x20:
                throw Failure(reason: "a control character inside a string")
            default:
                raw.append(byte)
            }
        }
    }

    /// One escape after its backslash; a `\u` high surrogate must be followed by a `\u` low surrogate.
    mutating func escape() throws(Failure) -> Unicode.Scalar {
        guard let byte = peek else { throw Failure(reason: "unterminated escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hex4()
            if (0xD800..<0xDC00).contains(unit) {
                guard peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw Failure(reason: "a lone surrogate in a string")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low),
                      let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) else {
                    throw Failure(reason: "a lone surrogate in a string")
                }
                return scalar
            }
            guard unit != 0, let scalar = Unicode.Scalar(unit) else { throw Failure(reason: "a NUL or lone surrogate in a string") }
            return scalar
        default:
            throw Failure(reason: "an invalid escape in a string")
        }
    }

    mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Failure(reason: "a short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Hex.digitValue(bytes[index]) else { throw Failure(reason: "a bad \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
