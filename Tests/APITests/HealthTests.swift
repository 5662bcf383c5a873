import HTTP
import Testing

@Suite struct HealthTests {
    @Test func healthyAnswerIsExact() throws {
        let app = try TestApp()
        let response = app.get("/api/v1/health", upstreamRequestID: "0123456789abcdef0123456789abcdef")
        #expect(response.dump == """
            200
            Content-Type: application/json
            X-Request-Id: 0123456789abcdef0123456789abcdef
            Cache-Control: no-store

            {"database":"ok","status":"ok","sweeper_last_run":null,"version":"9.9.9"}
            """)
    }

    @Test func unreachableDatabaseIs503() throws {
        let app = try TestApp(databaseReachable: false)
        let response = app.get("/api/v1/health")
        #expect(response.status == 503)
        #expect(response.text == #"{"database":"unreachable","status":"degraded","sweeper_last_run":null,"version":"9.9.9"}"#)
    }

    @Test func headHasNoBody() throws {
        let app = try TestApp()
        let response = app.app.handle(RawRequest(method: "HEAD", target: "/api/v1/health"))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
    }
}
