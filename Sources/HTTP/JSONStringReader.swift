/// Reads JSON strings for both strict parsers: request bodies (`StrictJSON`) and the gateways' callbacks
/// (Payments' `JSONParser`, which builds values). One reader, so the two can never disagree on what a
/// string says: two parsers reading one text differently is how payment bugs happen.
public enum JSONStringReader {
    /// Why a string was refused; the parsers pass `reason` on in their own failure.
    public struct Failure: Error, Equatable, Sendable {
        public let reason: String

        public init(reason: String) { self.reason = reason }
    }

    /// Reads the string whose opening quote is at `bytes[index]` and leaves `index` just past its closing
    /// quote. Refuses raw control characters, `\u0000`, lone surrogates, unknown escapes and invalid UTF-8
    /// (RFC 8259 allows some of these; a payment callback or a request body never needs them).
    public static func read(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> String {
        index += 1 // the opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = index // raw (unescaped) bytes since the last escape, validated as UTF-8 together
        func flushRun(upTo end: Int) throws(Failure) {
            guard end > runStart else { return }
            guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                throw Failure(reason: "a string is not valid UTF-8")
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard index < bytes.count else { throw Failure(reason: "unterminated string") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                try flushRun(upTo: index - 1)
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flushRun(upTo: index - 1)
                scalars.append(try escape(bytes, at: &index))
                runStart = index
            case 0x00..<0x20:
                throw Failure(reason: "a control character inside a string")
            default:
                continue
            }
        }
    }

    /// One escape, `index` just after its backslash; a `\u` high surrogate must be followed by a `\u` low
    /// surrogate.
    static func escape(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> Unicode.Scalar {
        guard index < bytes.count else { throw Failure(reason: "unterminated escape") }
        let byte = bytes[index]
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
            let unit = try hex4(bytes, at: &index)
            if unit == 0 { throw Failure(reason: "\\u0000 is not accepted") }
            if (0xD800...0xDBFF).contains(unit) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw Failure(reason: "a lone surrogate")
                }
                index += 2
                let low = try hex4(bytes, at: &index)
                guard (0xDC00...0xDFFF).contains(low),
                      let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) else {
                    throw Failure(reason: "a lone surrogate")
                }
                return scalar
            }
            guard let scalar = Unicode.Scalar(unit) else { throw Failure(reason: "a lone surrogate") }
            return scalar
        default:
            throw Failure(reason: "invalid escape at byte \(index - 1)")
        }
    }

    static func hex4(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Failure(reason: "unterminated escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = PercentDecoding.hexValue(bytes[index]) else { throw Failure(reason: "invalid \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
