/// A JSON value for gateway traffic: requests we build and answers or webhooks we read.
///
/// Why our own: `JSONSerialization` keeps one of two duplicate keys and turns numbers and booleans into
/// `NSNumber`s that are hard to tell apart; a webhook whose fields can be read two ways is a payment bug
/// (payments.md B.4). Numbers keep their source text, so an amount is never rounded through a `Double`.
enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A string, or a number's text: gateways are loose about which one they send for codes and amounts.
    var text: String? {
        switch self {
        case .string(let text), .number(let text): text
        default: nil
        }
    }

    var bool: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// Compact JSON with object keys sorted, so a request is byte-for-byte reproducible in tests.
    var encoded: String {
        switch self {
        case .object(let members):
            "{" + members.keys.sorted().map { Self.quote($0) + ":" + (members[$0] ?? .null).encoded }.joined(separator: ",") + "}"
        case .array(let items): "[" + items.map(\.encoded).joined(separator: ",") + "]"
        case .string(let text): Self.quote(text)
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func int(_ value: Int64) -> JSONValue { .number(String(value)) }
}
