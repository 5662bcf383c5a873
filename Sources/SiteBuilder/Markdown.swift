import Ink

/// Markdown to HTML with Ink, for our own content only (Ink passes raw HTML through). Headings get an
/// `id` made from their text, so sections can be linked (`/terms#4-balance-payments`), and a table of
/// contents lists the `##` headings.
enum Markdown {
    struct Rendered {
        let html: String
        let headings: [(id: String, text: String)]
    }

    static func render(_ text: String) -> Rendered {
        let collector = HeadingCollector()
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .headings) { input in
            let level = input.markdown.prefix { $0 == "#" }.count
            let title = input.markdown.drop { $0 == "#" || $0 == " " }.trimmingSpaces
            let id = collector.uniqueID(slug(title))
            if level == 2 { collector.headings.append((id, plainText(title))) }
            let open = "<h\(level)>"
            guard input.html.hasPrefix(open) else { return input.html }
            return "<h\(level) id=\"\(id)\">" + input.html.dropFirst(open.count)
        })
        let html = parser.html(from: text)
        return Rendered(html: html, headings: collector.headings)
    }

    /// `4. Balance & Payments` → `4-balance-payments`: ASCII letters and digits, runs of anything else
    /// become one `-`.
    static func slug(_ text: String) -> String {
        var out = ""
        for character in plainText(text).lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                out.append(character)
            } else if !out.isEmpty && out.last != "-" {
                out.append("-")
            }
        }
        while out.last == "-" { out.removeLast() }
        return out.isEmpty ? "section" : out
    }

    /// The heading's words without Markdown emphasis or code marks.
    static func plainText(_ text: String) -> String {
        String(text.filter { !"*_`".contains($0) })
    }

    private final class HeadingCollector {
        var headings: [(id: String, text: String)] = []
        var used: Set<String> = []

        func uniqueID(_ base: String) -> String {
            var id = base
            var n = 2
            while used.contains(id) {
                id = "\(base)-\(n)"
                n += 1
            }
            used.insert(id)
            return id
        }
    }
}
