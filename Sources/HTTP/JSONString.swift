/// Hand-written JSON string escaping for the hottest paths (errors, health), where a `JSONEncoder`
/// would cost several microseconds per response (stack.md Q1 "JSON cost").
public enum JSONString {
    /// Appends `value` to `output` as a quoted JSON string (RFC 8259 escaping).
    public static func append(_ value: String, to output: inout String) {
        output.append("\"")
        // Fast path: most values (ids, paths, codes) need no escaping and are copied whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x3C }) {
            output.append(value)
            output.append("\"")
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case "<": output.append("\\u003c") // keeps JSON safe to embed in HTML
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }

    public static func quoted(_ value: String) -> String {
        var out = ""
        append(value, to: &out)
        return out
    }
}
