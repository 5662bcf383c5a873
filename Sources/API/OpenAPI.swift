import Core
import HTTP

/// `GET /api/v1/openapi.json`: the native API contract, served from `OpenAPIDocument`.
/// The site's API reference is rendered from the same document, so docs and server cannot drift.
enum OpenAPI {
    static func handler(_ environment: AppEnvironment) -> Handler {
        let body = OpenAPIDocument.json(version: environment.version)
        return { _ in .rawJSON(body) }
    }
}
