import Foundation
import SiteBuilder
import Testing

@Suite struct SiteBuilderTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smscode-site-\(UUID().uuidString)").path

    func write(_ relative: String, _ text: String) throws {
        let path = folder + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func makeSource() throws {
        try write("Templates/layout.mustache", "<title>{{title}}</title><main class=\"{{page}}\">{{{body}}}</main>")
        try write("Templates/pages/index.mustache", "<h1>Hello {{name}}</h1>")
        try write("Templates/pages/404.mustache", "<h1>Not found</h1>")
        try write("Templates/assets/style.css", "body{}")
    }

    @Test func rendersEveryPageInTheLayoutAndEscapes() throws {
        try makeSource()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = try SiteBuilder(sourceDirectory: folder, context: ["name": "<Telegram>", "title": "T"]).render()
        #expect(pages == [
            .init(name: "404", html: "<title>T</title><main class=\"404\"><h1>Not found</h1></main>"),
            .init(name: "index", html: "<title>T</title><main class=\"index\"><h1>Hello &lt;Telegram&gt;</h1></main>"),
        ])
    }

    @Test func aMissingLayoutFailsLoudly() throws {
        try write("Templates/pages/index.mustache", "x")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: SiteBuildError.missingTemplate("layout")) {
            try SiteBuilder(sourceDirectory: folder, context: [:]).render()
        }
    }

    @Test func aBrokenTemplateFailsLoudly() throws {
        try makeSource()
        try write("Templates/pages/bad.mustache", "{{#open}} never closed")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: SiteBuildError.self) {
            try SiteBuilder(sourceDirectory: folder, context: [:]).render()
        }
    }

    @Test func publishesBySwappingASymlinkAndKeepsThePreviousBuild() throws {
        try makeSource()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/public"
        let builder = SiteBuilder(sourceDirectory: folder, context: ["name": "A"])
        try builder.build(output: output, buildID: "001")
        #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8).contains("Hello A"))
        #expect(FileManager.default.fileExists(atPath: output + "/assets/style.css"))
        try SiteBuilder(sourceDirectory: folder, context: ["name": "B"]).build(output: output, buildID: "002")
        try SiteBuilder(sourceDirectory: folder, context: ["name": "C"]).build(output: output, buildID: "003")
        #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8).contains("Hello C"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: output) == output + "-builds/003")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output + "-builds").sorted() == ["002", "003"])
    }
}
