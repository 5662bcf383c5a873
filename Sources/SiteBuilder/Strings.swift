/// The words of the site in each language: `Templates/i18n/LANG.strings`, one `key = value` a line
/// (`#` starts a comment). Templates say `{{t.key}}`; keys starting with `js_` also go to the dashboard's
/// scripts as JSON. Every language must have the same keys, or the build fails: a missing word would
/// otherwise render as nothing.
public struct Strings: Sendable, Equatable {
    public let language: String
    public let values: [String: String]

    public init(language: String, values: [String: String]) {
        self.language = language
        self.values = values
    }

    public static func parse(_ text: String, language: String, file: String) throws(SiteBuildError) -> Strings {
        var values: [String: String] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else { throw .badStrings(file, number + 1, "expected key = value") }
            let key = line[..<equals].trimmingSpaces
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw .badStrings(file, number + 1, "a key is letters, digits and _")
            }
            guard values[key] == nil else { throw .badStrings(file, number + 1, "'\(key)' appears twice") }
            values[key] = line[line.index(after: equals)...].trimmingSpaces
        }
        return Strings(language: language, values: values)
    }

    /// Both ways: a key one language has and another lacks fails the build.
    static func checkSameKeys(_ all: [Strings]) throws(SiteBuildError) {
        guard let first = all.first else { return }
        for other in all.dropFirst() {
            let missing = Set(first.values.keys).symmetricDifference(other.values.keys).sorted()
            if !missing.isEmpty {
                throw .missingStrings("\(first.language)/\(other.language) differ in: " + missing.joined(separator: ", "))
            }
        }
    }

    subscript(_ key: String) -> String { values[key] ?? key }

    /// The `js_` strings as a JSON object (keys without the prefix), for `<script type="application/json">`.
    /// `<` is escaped so that no value can close the script element.
    var scriptJSON: String {
        let pairs = values.filter { $0.key.hasPrefix("js_") }.sorted { $0.key < $1.key }
            .map { "\"\(JSONText.escape(String($0.key.dropFirst(3))))\":\"\(JSONText.escape($0.value))\"" }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}

enum JSONText {
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
