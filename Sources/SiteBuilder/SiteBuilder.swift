#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `smscode site build`: renders `Templates/` + `Content/` + the catalog into the static site nginx serves.
///
/// The pages are listed in `SitePlan`; each is rendered with `PageRenderer` only when its fingerprint
/// (templates, words and the data it shows) changed since the build being served, and written only when
/// its HTML changed. `Templates/assets/` is copied the same way. Every internal link is checked before
/// anything is published; the new build then replaces the old one with one atomic symlink swap
/// (`SitePublisher`), so a request never sees a half-built site. Any error leaves the served site as it was.
public struct SiteBuilder {
    public struct Page: Sendable, Equatable {
        /// The file under the site folder: `index.html`, `en/pricing.html`.
        public let name: String
        public let html: String
    }

    /// What a build did.
    public struct Report: Sendable, Equatable {
        public var pages = 0
        /// Pages whose fingerprint changed, so they were rendered.
        public var rendered = 0
        /// Files written anew (pages whose HTML changed and assets whose bytes changed).
        public var written = 0
        /// False when nothing changed: the served site stays as it is and no build folder is made.
        public var published = false
        public var folder: String?
    }

    public let sourceDirectory: String
    public let input: SiteInput
    /// SHA-256 as hex (libsodium in production): fingerprints and content hashes.
    public let hash: @Sendable (String) -> String

    public init(sourceDirectory: String, input: SiteInput, hash: @escaping @Sendable (String) -> String) {
        self.sourceDirectory = sourceDirectory
        self.input = input
        self.hash = hash
    }

    func plan() throws -> (PageRenderer, [PageSpec]) {
        let templates = try TemplateSet(directory: sourceDirectory + "/Templates", hash: hash)
        let content = try ContentLibrary(directory: sourceDirectory + "/Content")
        let specs = try SitePlan(input: input, templates: templates, content: content).specs
        var seen = Set<String>()
        for spec in specs where !seen.insert(spec.file).inserted { throw SiteBuildError.duplicatePage(spec.file) }
        return (PageRenderer(templates: templates, version: input.version, year: input.year), specs)
    }

    /// Renders every page in memory (for tests and checks); publishes nothing.
    public func render() throws -> [Page] {
        let (renderer, specs) = try plan()
        return try specs.map { Page(name: $0.file, html: try renderer.render($0)) }
    }

    /// Builds into a new folder beside `output` and publishes it there if anything changed.
    @discardableResult
    public func build(output: String, buildID: String) throws -> Report {
        let (renderer, specs) = try plan()
        let assets = try SourceFiles.list(sourceDirectory + "/Templates/assets").map { "assets/" + $0 }
        let publisher = SitePublisher(output: output)
        let previous = publisher.current()
        let folder = try publisher.prepareFolder(buildID: buildID)
        var report = Report(pages: specs.count, folder: folder)
        var manifest = Manifest()
        do {
            var pages: [(file: String, html: String)] = []
            for spec in specs {
                let fingerprint = hash(renderer.fingerprintText(spec))
                let before = previous?.manifest.entries[spec.file]
                if let previous, before?.fingerprint == fingerprint, publisher.reuse(spec.file, from: previous.folder, into: folder) {
                    manifest.entries[spec.file] = before
                    pages.append((spec.file, try SourceFiles.read(folder + "/" + spec.file)))
                    continue
                }
                let html = try renderer.render(spec)
                report.rendered += 1
                let contentHash = hash(html)
                manifest.entries[spec.file] = .init(fingerprint: fingerprint, contentHash: contentHash)
                pages.append((spec.file, html))
                if let previous, before?.contentHash == contentHash, publisher.reuse(spec.file, from: previous.folder, into: folder) { continue }
                try publisher.write(Array(html.utf8), to: spec.file, in: folder)
                report.written += 1
            }
            for asset in assets {
                guard let bytes = FileManager.default.contents(atPath: sourceDirectory + "/Templates/" + asset) else { throw SiteBuildError.unreadable(asset) }
                let contentHash = hash(String(decoding: bytes, as: UTF8.self)) + "-\(bytes.count)"
                manifest.entries[asset] = .init(fingerprint: "asset", contentHash: contentHash)
                if let previous, previous.manifest.entries[asset]?.contentHash == contentHash,
                   FileManager.default.contents(atPath: previous.folder + "/" + asset) == bytes,
                   publisher.reuse(asset, from: previous.folder, into: folder) { continue }
                try publisher.write(Array(bytes), to: asset, in: folder)
                report.written += 1
            }
            try SiteBuilder.checkLinks(pages, files: Set(manifest.entries.keys))
            let sameFiles = previous.map { Set($0.manifest.entries.keys) == Set(manifest.entries.keys) } ?? false
            if report.written == 0 && sameFiles {
                publisher.discard(folder)
                report.folder = nil
                return report
            }
            try publisher.publish(folder, manifest: manifest)
            report.published = true
            return report
        } catch {
            publisher.discard(folder)
            throw error
        }
    }

    static func checkLinks(_ pages: [(file: String, html: String)], files: Set<String>) throws {
        var checker = LinkChecker(files: files)
        for page in pages { checker.record(page: page.file, html: page.html) }
        var broken: [LinkChecker.Broken] = []
        for page in pages { broken += checker.check(page: page.file, html: page.html) }
        if !broken.isEmpty { throw SiteBuildError.brokenLinks(broken.map(\.description)) }
    }
}

public enum SiteBuildError: Error, Equatable, CustomStringConvertible {
    case missingTemplate(String)
    case badTemplate(String, String)
    case badStrings(String, Int, String)
    case missingStrings(String)
    case unreadable(String)
    case badContent(String, String)
    case badOpenAPI(String)
    case duplicatePage(String)
    case brokenLinks([String])
    case cannotPublish(String)

    public var description: String {
        switch self {
        case .missingTemplate(let name): "template '\(name)' is missing"
        case .badTemplate(let file, let error): "template \(file) does not parse: \(error)"
        case .badStrings(let file, let line, let error): "\(file):\(line): \(error)"
        case .missingStrings(let what): "missing words: \(what)"
        case .unreadable(let path): "cannot read \(path)"
        case .badContent(let file, let error): "content \(file): \(error)"
        case .badOpenAPI(let error): "the OpenAPI document does not parse: \(error)"
        case .duplicatePage(let file): "two pages would be written to \(file)"
        case .brokenLinks(let links):
            "\(links.count) broken internal link(s):\n  " + links.prefix(20).joined(separator: "\n  ") + (links.count > 20 ? "\n  …" : "")
        case .cannotPublish(let reason): "cannot publish the site: \(reason)"
        }
    }
}
