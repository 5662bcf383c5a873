/// A strict RFC 8259 validator run before `JSONDecoder`, which is lenient in ways that matter for money
/// (security.md A0.2): it keeps the first of duplicate keys, accepts trailing commas, a BOM and `\u0000`.
/// Two parsers that read one body differently are how payment bugs happen, so we refuse such bodies.
public enum StrictJSON {
    public struct Failure: Error, Equatable {
        public let reason: String

        public init(reason: String) { self.reason = reason }
    }

    /// The deepest nesting accepted; request bodies are flat objects.
    public static let maxDepth = 32

    /// Validates `bytes` as one JSON object and returns its top-level member names in order.
    public static func validateObject(_ bytes: [UInt8]) throws(Failure) -> [String] {
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        guard parser.peek == UInt8(ascii: "{") else {
            throw Failure(reason: parser.atEnd ? "the body is empty" : "expected a JSON object")
        }
        let keys = try parser.object(depth: 1)
        parser.skipSpace()
        guard parser.atEnd else { throw Failure(reason: "unexpected data after the object") }
        return keys
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            skipSpace()
            guard peek == byte else { throw Failure(reason: "expected \(what) at byte \(index)") }
            index += 1
        }

        mutating func object(depth: Int) throws(Failure) -> [String] {
            guard depth <= StrictJSON.maxDepth else { throw Failure(reason: "nesting deeper than \(StrictJSON.maxDepth)") }
            index += 1 // "{"
            var keys: [String] = []
            var seen = Set<String>()
            skipSpace()
            if peek == UInt8(ascii: "}") { index += 1; return keys }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw Failure(reason: "expected a member name at byte \(index)") }
                let key = try string()
                guard seen.insert(key).inserted else { throw Failure(reason: "duplicate member '\(key)'") }
                keys.append(key)
                try expect(UInt8(ascii: ":"), "':'")
                try value(depth: depth)
                skipSpace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return keys
            }
        }

        mutating func array(depth: Int) throws(Failure) {
            guard depth <= StrictJSON.maxDepth else { throw Failure(reason: "nesting deeper than \(StrictJSON.maxDepth)") }
            index += 1 // "["
            skipSpace()
            if peek == UInt8(ascii: "]") { index += 1; return }
            while true {
                try value(depth: depth)
                skipSpace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return
            }
        }

        mutating func value(depth: Int) throws(Failure) {
            skipSpace()
            switch peek {
            case UInt8(ascii: "{"): _ = try object(depth: depth + 1)
            case UInt8(ascii: "["): try array(depth: depth + 1)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case .some(let byte) where byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39): try number()
            default: throw Failure(reason: "expected a value at byte \(index)")
            }
        }

        mutating func literal(_ word: String) throws(Failure) {
            for byte in word.utf8 {
                guard peek == byte else { throw Failure(reason: "invalid literal at byte \(index)") }
                index += 1
            }
        }

        mutating func number() throws(Failure) {
            let start = index
            if peek == UInt8(ascii: "-") { index += 1 }
            guard let first = peek, first >= 0x30 && first <= 0x39 else { throw Failure(reason: "invalid number at byte \(start)") }
            index += 1
            if first != 0x30 { digits() }
            if peek == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw Failure(reason: "invalid number at byte \(start)") }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                index += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw Failure(reason: "invalid number at byte \(start)") }
            }
        }

        @discardableResult
        mutating func digits() -> Int {
            var count = 0
            while let byte = peek, byte >= 0x30 && byte <= 0x39 { index += 1; count += 1 }
            return count
        }

        /// Reads a string (`JSONStringReader`: no raw control characters, `\u0000`, lone surrogates or
        /// invalid UTF-8), returning its decoded value.
        mutating func string() throws(Failure) -> String {
            do throws(JSONStringReader.Failure) {
                return try JSONStringReader.read(bytes, at: &index)
            } catch {
                throw Failure(reason: error.reason)
            }
        }
    }
}
