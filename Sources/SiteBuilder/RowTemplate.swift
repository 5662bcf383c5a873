/// A template for one table row, filled without Mustache: `{{key}}` (HTML-escaped) and `{{{key}}}` (as
/// is), nothing else. The price tables have a row per price on three kinds of page in two languages
/// (750,000 rows for a 250 × 500 catalog), and Mustache's dynamic lookups cost ~15 µs a row; this costs
/// well under one. The markup still lives in `Templates/partials/price-row-*.mustache`.
struct RowTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case escaped(String)
        case raw(String)
    }

    let parts: [Part]

    init(_ text: String, name: String) throws(SiteBuildError) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            parts.append(.text(String(rest[..<open.lowerBound])))
            let isRaw = rest[open.upperBound...].hasPrefix("{")
            let close = isRaw ? "}}}" : "}}"
            let start = isRaw ? rest.index(after: open.upperBound) : open.upperBound
            guard let end = rest[start...].range(of: close) else { throw .badTemplate(name, "an unclosed tag") }
            let key = rest[start..<end.lowerBound].trimmingSpaces
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw .badTemplate(name, "a row template has only {{key}} and {{{key}}} tags, not {{\(key)}}")
            }
            parts.append(isRaw ? .raw(key) : .escaped(key))
            rest = rest[end.upperBound...]
        }
        parts.append(.text(String(rest.drop { $0 == "\n" }.reversed().drop { $0 == "\n" }.reversed())))
        self.parts = parts.filter { if case .text(let t) = $0 { !t.isEmpty } else { true } }
    }

    /// Keys the row needs; every value must be given (a missing one is a bug, not an empty cell).
    var keys: Set<String> {
        Set(parts.compactMap { part in
            switch part {
            case .escaped(let key), .raw(let key): key
            case .text: nil
            }
        })
    }

    func render(_ values: [String: String], into out: inout String) {
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .escaped(let key): HTML.escape(values[key] ?? "", into: &out)
            case .raw(let key): out += values[key] ?? ""
            }
        }
        out += "\n"
    }
}

enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities, the same set Mustache escapes.
    static func escape(_ text: String, into out: inout String) {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            out += text
            return
        }
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
    }
}
