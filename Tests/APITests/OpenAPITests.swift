@testable import API
import Foundation
import HTTP
import Testing

@Suite struct OpenAPITests {
    @Test func documentIsServedAndParses() throws {
        let response = try TestApp().get("/api/v1/openapi.json")
        #expect(response.status == 200)
        let document = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(document?["openapi"] as? String == "3.1.0")
        #expect((document?["info"] as? [String: Any])?["version"] as? String == "9.9.9")
    }

    /// The document and the router must list the same operations, so the contract cannot drift.
    @Test func documentDescribesExactlyTheRoutes() throws {
        let app = try TestApp()
        let document = try JSONSerialization.jsonObject(with: Data(app.get("/api/v1/openapi.json").body)) as? [String: Any]
        let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        // The compatibility APIs (/stubs/handler_api.php, /v1/…) follow SMS-Activate's and 5sim's contracts
        // (200 tokens for errors, plain-text errors), which an OpenAPI document of the native API neither
        // describes nor should have schemathesis fuzz; Content/docs/compat.md documents them instead.
        let native = app.app.router.routes.filter { route in !Routes.compatPrefixes.contains { route.pattern.hasPrefix($0) } }
        let routed = Set(native.map { "\($0.method) \($0.pattern)" })
        #expect(documented == routed)
    }
}
