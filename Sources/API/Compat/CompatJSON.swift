import HTTP

/// A JSON value with members in a fixed order, rendered by hand: the compatibility APIs must send exact
/// types (a string where a client wants a string, an integer where it calls `int()`), which a value type
/// states more plainly than `Encodable` structs with custom encoders, and tests compare the rendering.
indirect enum CompatJSON: Equatable, Sendable {
    case object([(String, CompatJSON)])
    case array([CompatJSON])
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null

    static func == (lhs: CompatJSON, rhs: CompatJSON) -> Bool { lhs.rendered == rhs.rendered }

    static func int(_ value: Int) -> CompatJSON { .int(Int64(value)) }

    /// Compact JSON text, members in the order given.
    var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch self {
        case .object(let members):
            out.append("{")
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(",") }
                JSONString.append(member.0, to: &out)
                out.append(":")
                member.1.render(into: &out)
            }
            out.append("}")
        case .array(let items):
            out.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(",") }
                item.render(into: &out)
            }
            out.append("]")
        case .string(let text): JSONString.append(text, to: &out)
        case .int(let value): out.append(String(value))
        case .bool(let value): out.append(value ? "true" : "false")
        case .null: out.append("null")
        }
    }
}

/// The two kinds of answer both protocols send: plain text (tokens, 5sim's error strings) and JSON.
enum CompatResponse {
    static func text(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    static func json(_ value: CompatJSON, status: Int = 200) -> Response {
        .rawJSON(value.rendered, status: status)
    }
}
