@testable import API
import Core
import Foundation
import HTTP
import Logging
import Store

/// The whole application in-process against a temporary, migrated SQLite file.
final class TestApp {
    let folder: String
    let database: Database
    let clock = ManualClock()
    let app: Application

    init(databaseReachable: Bool? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("smscode-api-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        database = try Database(path: folder + "/test.sqlite", readConnections: 2)
        try Migrator().migrate(database, now: clock.date)
        let probe = databaseReachable.map { value in DatabaseProbe { value } } ?? .live(database)
        let environment = AppEnvironment(clock: clock.clock, random: .seeded(7), database: probe, version: "9.9.9")
        app = buildApplication(environment: environment, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func get(_ target: String, upstreamRequestID: String? = nil) -> Response {
        app.handle(RawRequest(method: "GET", target: target, upstreamRequestID: upstreamRequestID))
    }

    func send(_ method: String, _ target: String, body: String = "", contentType: String? = "application/json") -> Response {
        var headers = Headers()
        headers["content-type"] = contentType
        return app.handle(RawRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
    }
}

extension Response {
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The whole response as text, for snapshot-style comparisons.
    var dump: String {
        (["\(status)"] + headers.map { "\($0.name): \($0.value)" } + ["", text]).joined(separator: "\n")
    }
}
