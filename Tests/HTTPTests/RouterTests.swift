import HTTP
import Testing

@Suite struct RouterTests {
    func router() -> Router {
        var router = Router()
        router.get("/api/v1/orders/{id}") { request in .rawJSON("{\"id\":\"\(request.pathParameters["id"] ?? "")\"}") }
        router.post("/api/v1/orders/{id}/cancel") { _ in .rawJSON("{}") }
        router.get("/api/v1/health") { _ in .rawJSON("{\"status\":\"ok\"}") }
        return router
    }

    @Test func bindsPathParameters() throws {
        let response = try router().respond(to: Request(method: "GET", path: "/api/v1/orders/42"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"id\":\"42\"}")
    }

    @Test func unknownPathIsNotFound() {
        #expect(throws: HTTPError.notFound("No endpoint at /api/v1/nothing.")) {
            try router().respond(to: Request(method: "GET", path: "/api/v1/nothing"))
        }
    }

    @Test func wrongMethodListsAllowed() {
        #expect(throws: HTTPError.methodNotAllowed(allowed: ["GET", "HEAD"])) {
            try router().respond(to: Request(method: "DELETE", path: "/api/v1/health"))
        }
        #expect(throws: HTTPError.methodNotAllowed(allowed: ["POST"])) {
            try router().respond(to: Request(method: "GET", path: "/api/v1/orders/1/cancel"))
        }
    }

    @Test func headIsServedByGetWithoutBody() throws {
        let response = try router().respond(to: Request(method: "HEAD", path: "/api/v1/health"))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.header("content-type") == "application/json")
    }

    @Test func emptySegmentsDoNotMatchParameters() {
        #expect(throws: HTTPError.self) {
            try router().respond(to: Request(method: "GET", path: "/api/v1/orders/"))
        }
    }
}
