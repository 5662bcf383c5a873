#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mustache

/// `smscode site build`: renders `Templates/` into the static site that nginx serves.
///
/// Every `Templates/pages/NAME.mustache` becomes `NAME.html`, wrapped in `Templates/layout.mustache`
/// (its `{{{body}}}`); `Templates/assets/` is copied as it is. The site is written into a fresh folder and
/// published by atomically replacing the `output` symlink, so a request never sees a half-built site.
public struct SiteBuilder {
    public struct Page: Sendable, Equatable {
        public let name: String
        public let html: String

        public init(name: String, html: String) {
            self.name = name
            self.html = html
        }
    }

    public let sourceDirectory: String
    public let context: [String: String]

    public init(sourceDirectory: String, context: [String: String]) {
        self.sourceDirectory = sourceDirectory
        self.context = context
    }

    /// Renders every page in memory; throws on a missing layout or a template that does not parse.
    public func render() throws -> [Page] {
        let templates = sourceDirectory + "/Templates"
        let library = try loadLibrary(templates)
        guard library.getTemplate(named: "layout") != nil else { throw SiteBuildError.missingTemplate("layout") }
        let pageNames = try FileManager.default.contentsOfDirectory(atPath: templates + "/pages")
            .filter { $0.hasSuffix(".mustache") }
            .map { String($0.dropLast(".mustache".count)) }
            .sorted()
        guard !pageNames.isEmpty else { throw SiteBuildError.noPages(templates + "/pages") }
        return try pageNames.map { name in
            guard let body = library.render(context, withTemplate: "pages/" + name) else { throw SiteBuildError.missingTemplate(name) }
            var layoutContext: [String: Any] = context
            layoutContext["body"] = body
            layoutContext["page"] = name
            guard let html = library.render(layoutContext, withTemplate: "layout") else { throw SiteBuildError.missingTemplate("layout") }
            return Page(name: name, html: html)
        }
    }

    /// Renders and publishes into `output` (a symlink to the newest build); returns the pages written.
    @discardableResult
    public func build(output: String, buildID: String) throws -> [Page] {
        let pages = try render()
        let publisher = SitePublisher(output: output)
        let folder = try publisher.prepareFolder(buildID: buildID)
        for page in pages {
            try Data(page.html.utf8).write(to: URL(fileURLWithPath: folder + "/" + page.name + ".html"))
        }
        let assets = sourceDirectory + "/Templates/assets"
        if FileManager.default.fileExists(atPath: assets) {
            try FileManager.default.copyItem(atPath: assets, toPath: folder + "/assets")
        }
        try publisher.publish(folder)
        return pages
    }

    private func loadLibrary(_ directory: String) throws -> MustacheLibrary {
        var library = MustacheLibrary()
        let files = FileManager.default.enumerator(atPath: directory)
        while let relative = files?.nextObject() as? String {
            guard relative.hasSuffix(".mustache") else { continue }
            let text = try String(contentsOfFile: directory + "/" + relative, encoding: .utf8)
            do {
                try library.register(text, named: String(relative.dropLast(".mustache".count)))
            } catch {
                throw SiteBuildError.badTemplate(relative, String(describing: error))
            }
        }
        return library
    }
}

public enum SiteBuildError: Error, Equatable, CustomStringConvertible {
    case missingTemplate(String)
    case noPages(String)
    case badTemplate(String, String)
    case cannotPublish(String)

    public var description: String {
        switch self {
        case .missingTemplate(let name): "template '\(name)' is missing"
        case .noPages(let folder): "no pages in \(folder)"
        case .badTemplate(let file, let error): "template \(file) does not parse: \(error)"
        case .cannotPublish(let reason): "cannot publish the site: \(reason)"
        }
    }
}
