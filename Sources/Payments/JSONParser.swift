import HTTP

/// A strict RFC 8259 parser producing `JSONValue` (HTTP's `StrictJSON` only validates; strings are read
/// by the reader both share, `JSONStringReader`). Refuses duplicate keys, trailing commas, a BOM, raw
/// control characters in strings, lone surrogates, `\u0000`, invalid UTF-8 and nesting deeper than 32:
/// whatever two parsers could read differently is refused.
struct JSONParser {
    struct Failure: Error, Equatable {
        let reason: String
    }

    static let maxDepth = 32

    static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw Failure(reason: "data after the JSON value") }
        return value
    }

    let bytes: [UInt8]
    var index = 0

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= Self.maxDepth else { throw Failure(reason: "nested too deeply") }
        skipSpace()
        switch peek {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case .some(let byte) where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte): return .number(try number())
        default: throw Failure(reason: "expected a value at byte \(index)")
        }
    }

    mutating func object(depth: Int) throws(Failure) -> JSONValue {
        index += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if peek == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw Failure(reason: "expected a member name at byte \(index)") }
            let key = try string()
            guard members[key] == nil else { throw Failure(reason: "duplicate member '\(key)'") }
            try expect(UInt8(ascii: ":"))
            members[key] = try value(depth: depth + 1)
            skipSpace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"))
            return .object(members)
        }
    }

    mutating func array(depth: Int) throws(Failure) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if peek == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth + 1))
            skipSpace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "]"))
            return .array(items)
        }
    }

    mutating func expect(_ byte: UInt8) throws(Failure) {
        skipSpace()
        guard peek == byte else { throw Failure(reason: "expected '\(Character(Unicode.Scalar(byte)))' at byte \(index)") }
        index += 1
    }

    mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw Failure(reason: "invalid literal at byte \(index)")
        }
        index += expected.count
    }

    mutating func number() throws(Failure) -> String {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, (0x30...0x39).contains(first) else { throw Failure(reason: "invalid number at byte \(start)") }
        index += 1
        if first != 0x30 { _ = digits() }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw Failure(reason: "invalid number at byte \(start)") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw Failure(reason: "invalid number at byte \(start)") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func digits() -> Int {
        let start = index
        while let byte = peek, (0x30...0x39).contains(byte) { index += 1 }
        return index - start
    }

    /// Reads a string at `index` (on its opening quote) with the reader request bodies use
    /// (`JSONStringReader`), so a callback's text means what a body's would.
    mutating func string() throws(Failure) -> String {
        do throws(JSONStringReader.Failure) {
            return try JSONStringReader.read(bytes, at: &index)
        } catch {
            throw Failure(reason: error.reason)
        }
    }
}
