@testable import API
import Core
import HTTP
import Logging
import Testing

@Suite struct ErrorBoundaryTests {
    @Test func unknownRouteIs404JSON() throws {
        let response = try TestApp().get("/api/v1/nothing")
        #expect(response.status == 404)
        #expect(response.text == #"{"error":{"code":"not_found","message":"No endpoint at /api/v1/nothing."}}"#)
        #expect(response.header("X-Request-Id")?.count == 32)
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let response = try TestApp().send("POST", "/api/v1/health", body: "{}")
        #expect(response.status == 405)
        #expect(response.header("Allow") == "GET, HEAD")
        #expect(response.text.contains(#""code":"method_not_allowed""#))
    }

    @Test func badTargetIs400WithRequestID() throws {
        let response = try TestApp().get("/api/v1/health?x=%ff")
        #expect(response.status == 400)
        #expect(response.text.contains(#""code":"invalid_request""#))
        #expect(response.header("X-Request-Id") != nil)
    }

    @Test func transportRejectionIsRenderedAsIs() throws {
        let app = try TestApp()
        let response = app.app.handle(RawRequest(method: "POST", target: "/api/v1/health", rejection: .payloadTooLarge(limit: 65536)))
        #expect(response.status == 413)
        #expect(response.text == #"{"error":{"code":"payload_too_large","message":"The request body is larger than 65536 bytes."}}"#)
    }

    @Test func forgedRequestIDsAreReplaced() throws {
        let app = try TestApp()
        let forged = app.get("/api/v1/health", upstreamRequestID: "evil\nline")
        #expect(forged.header("X-Request-Id") != "evil\nline")
        #expect(forged.header("X-Request-Id")?.count == 32)
        let first = app.get("/api/v1/health").header("X-Request-Id")
        let second = app.get("/api/v1/health").header("X-Request-Id")
        #expect(first != second)
    }

    @Test func unexpectedErrorsAre500WithoutDetails() throws {
        struct Boom: Error {}
        var router = Router()
        router.get("/boom") { _ in throw Boom() }
        let base = try TestApp()
        let app = Application(router: router, environment: base.app.environment, logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        let response = app.handle(RawRequest(method: "GET", target: "/boom"))
        #expect(response.status == 500)
        #expect(response.text == #"{"error":{"code":"internal_error","message":"Something went wrong on our side; it has been logged."}}"#)
    }
}
