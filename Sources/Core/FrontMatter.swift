/// Reads the `key: value` front matter at the top of a Markdown content file (between `---` lines),
/// e.g. the Terms of Service's `version`, which registration and `/api/v1/me` compare against.
public enum FrontMatter {
    public static func parse(_ text: String) -> (fields: [String: String], body: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else { return ([:], text) }
        var fields: [String: String] = [:]
        for line in lines[1..<end] {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].trimmingSpaces] = line[line.index(after: colon)...].trimmingSpaces
        }
        return (fields, lines[(end + 1)...].joined(separator: "\n"))
    }
}
