#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Mustache

/// `Templates/`: every `*.mustache` file by its path without the extension (`layout`, `pages/pricing`,
/// `partials/price-table`), and the words of each language (`i18n/*.strings`). Loading checks what
/// Mustache itself would let pass silently: a partial that does not exist renders as nothing, and so does
/// a `{{t.key}}` without its key, so both fail the build here.
struct TemplateSet: Sendable {
    let library: MustacheLibrary
    let names: Set<String>
    let strings: [String: Strings]
    /// `partials/price-row-*`, filled without Mustache (see `RowTemplate`).
    let rows: [String: RowTemplate]
    /// Changes whenever any template or string changes: part of every page's fingerprint.
    let fingerprint: String

    static let languages = ["id", "en"]

    init(directory: String, hash: (String) -> String) throws {
        var library = MustacheLibrary()
        var names = Set<String>()
        var texts: [(String, String)] = []
        for relative in try SourceFiles.list(directory) where relative.hasSuffix(".mustache") {
            let name = String(relative.dropLast(".mustache".count))
            let text = try SourceFiles.read(directory + "/" + relative)
            do {
                try library.register(text, named: name)
            } catch {
                throw SiteBuildError.badTemplate(relative, String(describing: error))
            }
            names.insert(name)
            texts.append((name, text))
        }
        var strings: [String: Strings] = [:]
        for language in TemplateSet.languages {
            let file = "i18n/\(language).strings"
            let text = try SourceFiles.read(directory + "/" + file)
            strings[language] = try Strings.parse(text, language: language, file: file)
            texts.append((file, text))
        }
        try Strings.checkSameKeys(TemplateSet.languages.compactMap { strings[$0] })
        for (name, text) in texts where !name.hasPrefix("i18n/") {
            try TemplateSet.checkReferences(name: name, text: text, names: names, strings: strings["id"]!)
        }
        var rows: [String: RowTemplate] = [:]
        for (name, text) in texts where name.hasPrefix("partials/price-row-") {
            rows[String(name.dropFirst("partials/price-row-".count))] = try RowTemplate(text, name: name + ".mustache")
        }
        self.rows = rows
        self.library = library
        self.names = names
        self.strings = strings
        self.fingerprint = hash(texts.sorted { $0.0 < $1.0 }.map { $0.0 + "\u{0}" + $0.1 }.joined(separator: "\u{1}"))
    }

    func row(_ variant: String) throws(SiteBuildError) -> RowTemplate {
        guard let row = rows[variant] else { throw .missingTemplate("partials/price-row-" + variant) }
        return row
    }

    /// Renders `name` with `context`; a template that is not there is an error, not an empty page.
    func render(_ name: String, _ context: [String: Any]) throws(SiteBuildError) -> String {
        guard names.contains(name), let html = library.render(context, withTemplate: name) else { throw .missingTemplate(name) }
        return html
    }

    /// `{{> partial}}` must name a template; `{{t.key}}` (any tag form) must name a string.
    static func checkReferences(name: String, text: String, names: Set<String>, strings: Strings) throws(SiteBuildError) {
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var tag = rest[open.upperBound..<close.lowerBound]
            rest = rest[close.upperBound...]
            if tag.first == "{" { tag = tag.dropFirst() }
            let sigil = tag.first
            if sigil == ">" || sigil == "<" {
                let partial = tag.dropFirst().trimmingSpaces
                if !names.contains(partial) { throw .missingTemplate("\(partial) (used by \(name))") }
                continue
            }
            if let first = sigil, "#^/&".contains(first) { tag = tag.dropFirst() }
            let key = tag.trimmingSpaces
            if key.hasPrefix("t."), strings.values[String(key.dropFirst(2))] == nil {
                throw .missingStrings("\(name) uses {{\(key)}}, which i18n/*.strings do not define")
            }
        }
    }
}

/// Reading the source folders, with errors that name the file.
enum SourceFiles {
    /// Every regular file under `directory`, as sorted paths relative to it (hidden files skipped).
    static func list(_ directory: String) throws(SiteBuildError) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { throw .unreadable(directory) }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var info = stat()
            if stat(directory + "/" + relative, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG { files.append(relative) }
        }
        return files.sorted()
    }

    static func read(_ path: String) throws(SiteBuildError) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .unreadable(path) }
        return text
    }
}
