import Core

/// `Content/`: Markdown documents with front matter. A top-level `NAME.md` with a `title` becomes the
/// page `/NAME` (files without one, like README.md, are notes, not pages); every `docs/NAME.md` becomes
/// `/docs/NAME`. `NAME.md` is English unless its front matter says `lang: id`; `NAME.id.md` / `NAME.en.md`
/// are the other language's version. A page in a language without its own version shows the other one,
/// marked with its language. Translations must carry the same `version` as the original, else the build
/// fails: the Indonesian Terms of Service must never lag behind the English ones.
struct ContentLibrary {
    struct Document {
        let path: String            // the page path, "/terms" or "/docs/compat"
        let language: String        // what the text is written in
        let fields: [String: String]
        let body: String            // Markdown
        let source: String          // the file's full text, for fingerprints

        var title: String { fields["title"] ?? Document.firstHeading(body) ?? String(path.split(separator: "/").last ?? "") }
        var isTemplate: Bool { fields["template"] == "true" }

        static func firstHeading(_ markdown: String) -> String? {
            markdown.split(separator: "\n").first { $0.hasPrefix("# ") }.map { $0.dropFirst(2).trimmingSpaces }
        }
    }

    /// Page path → language → document.
    private(set) var pages: [String: [String: Document]] = [:]

    init(directory: String) throws(SiteBuildError) {
        for relative in try SourceFiles.list(directory) where relative.hasSuffix(".md") {
            let parts = relative.split(separator: "/")
            let isDoc = parts.count == 2 && parts[0] == "docs"
            guard parts.count == 1 || isDoc else { continue }
            let text = try SourceFiles.read(directory + "/" + relative)
            let (fields, body) = FrontMatter.parse(text)
            var name = String(parts.last!.dropLast(3))
            var language = fields["lang"] ?? "en"
            for suffix in TemplateSet.languages where name.hasSuffix("." + suffix) {
                name = String(name.dropLast(suffix.count + 1))
                language = suffix
            }
            guard isDoc || fields["title"] != nil else { continue }
            guard TemplateSet.languages.contains(language) else { throw .badContent(relative, "unknown lang '\(language)'") }
            let path = (isDoc ? "/docs/" : "/") + name
            if pages[path]?[language] != nil { throw .badContent(relative, "a second \(language) version of \(path)") }
            pages[path, default: [:]][language] = Document(path: path, language: language, fields: fields, body: body, source: text)
        }
        for (path, versions) in pages {
            let stated = Set(versions.values.compactMap { $0.fields["version"] })
            if stated.count > 1 || (stated.count == 1 && versions.values.contains { $0.fields["version"] == nil }) {
                throw .badContent(path, "its language versions differ in 'version' (\(stated.sorted().joined(separator: ", "))): update the translation")
            }
        }
    }

    /// The document to show on `path` in `language`: its own version, else the other one.
    func document(_ path: String, language: String) -> Document? {
        guard let versions = pages[path] else { return nil }
        return versions[language] ?? versions.values.sorted { $0.language < $1.language }.first
    }

    var paths: [String] { pages.keys.sorted() }
    var docPaths: [String] { paths.filter { $0.hasPrefix("/docs/") } }
}
