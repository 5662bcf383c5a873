/// Checks every internal link of the generated pages before the site is published: each `href`, `src`
/// and `action` that stays on this site must lead to a file nginx would serve (`try_files $uri $uri.html
/// $uri/index.html`), and a `#fragment` must name an `id` on its page. `/api/` (the application) and
/// links to other sites are not files and are skipped. A broken link fails the build.
struct LinkChecker {
    struct Broken: Equatable, CustomStringConvertible {
        let page: String
        let link: String
        var description: String { "\(page): \(link)" }
    }

    /// `files` are the site's paths (`en/pricing.html`, `assets/style.css`); `ids` the `id`s of each page.
    let files: Set<String>
    var ids: [String: Set<String>] = [:]
    /// Answers for absolute links, which do not depend on the page they are on (a 250 × 500 catalog's
    /// pages hold ~1.2 million links to ~1,000 places).
    private var known: [String: Bool] = [:]

    /// nginx.conf's FastCGI locations.
    static let applicationPrefixes = ["/api/", "/stubs/handler_api.php", "/v1/"]

    init(files: Set<String>) { self.files = files }

    mutating func record(page: String, html: String) { ids[page] = LinkChecker.attributeValues(html, ["id"]) }

    mutating func check(page: String, html: String) -> [Broken] {
        var broken: [Broken] = []
        for link in LinkChecker.attributeValues(html, ["href", "src", "action"]).sorted() {
            let absolute = link.hasPrefix("/")
            let ok = (absolute ? known[link] : nil) ?? resolves(link, from: page)
            if absolute { known[link] = ok }
            if !ok { broken.append(Broken(page: page, link: link)) }
        }
        return broken
    }

    func resolves(_ rawLink: String, from page: String) -> Bool {
        let link = rawLink.replacing("&amp;", with: "&")
        if link.isEmpty { return false }
        if link.hasPrefix("//") || link.contains(":") && !link.hasPrefix("/") && !link.hasPrefix("#") { return true }   // another site, mailto:
        let withoutQuery = link.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutQuery.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0])
        let fragment = parts.count > 1 ? String(parts[1]) : ""
        let target: String
        if path.isEmpty {
            target = page
        } else {
            let absolute = path.hasPrefix("/") ? path : LinkChecker.folder(of: page) + path
            if LinkChecker.applicationPrefixes.contains(where: { absolute.hasPrefix($0) }) { return true }
            guard let file = resolveFile(absolute) else { return false }
            target = file
        }
        // Fragments written by scripts (`#token=…`) are not ids; only plain names are checked.
        guard !fragment.isEmpty, !fragment.contains("="), target.hasSuffix(".html") else { return true }
        return ids[target]?.contains(fragment) ?? false
    }

    /// nginx's `try_files $uri $uri.html $uri/index.html` over the site's files.
    func resolveFile(_ absolute: String) -> String? {
        let relative = String(absolute.dropFirst())
        if relative.hasSuffix("/") || relative.isEmpty { return files.contains(relative + "index.html") ? relative + "index.html" : nil }
        for candidate in [relative, relative + ".html", relative + "/index.html"] where files.contains(candidate) { return candidate }
        return nil
    }

    static func folder(of page: String) -> String {
        guard let slash = page.lastIndex(of: "/") else { return "/" }
        return "/" + page[..<slash] + "/"
    }

    /// The values of the named attributes, written as `name="value"` (the templates always quote).
    static func attributeValues(_ html: String, _ names: [String]) -> Set<String> {
        var values = Set<String>()
        let bytes = Array(html.utf8)
        let patterns = names.map { Array("\($0)=\"".utf8) }
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x09 {
                for pattern in patterns where index + 1 + pattern.count <= bytes.count
                    && bytes[index + 1..<index + 1 + pattern.count].elementsEqual(pattern) {
                    let start = index + 1 + pattern.count
                    var end = start
                    while end < bytes.count && bytes[end] != 0x22 { end += 1 }
                    values.insert(String(decoding: bytes[start..<end], as: UTF8.self))
                    index = end
                    break
                }
            }
            index += 1
        }
        return values
    }
}
