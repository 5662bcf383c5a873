import Core
import HTTP

/// Every route of the native API, in one place. Each line names the handler file that serves it;
/// the OpenAPI document (`OpenAPIDocument.swift`) must describe exactly these (a test checks).
enum Routes {
    static func make(_ environment: AppEnvironment) -> Router {
        var router = Router()
        router.get("/api/v1/health", Health.handler(environment))            // Health.swift
        router.get("/api/v1/openapi.json", OpenAPI.handler(environment))     // OpenAPI.swift
        return router
    }
}
