/// The one error type every handler throws and every client sees.
///
/// It is a value (Equatable) so tests compare whole errors, and it renders itself in one place
/// (`response`) as `{"error":{"code":…,"message":…}}` with its HTTP status. The `code` is the stable
/// contract (API.md "Error codes"); `message` is for people and may change.
public struct HTTPError: Error, Equatable, Sendable {
    public var status: Int
    public var code: String
    public var message: String
    /// Extra response headers such as `Allow` (405) or `Retry-After` (429).
    public var headers: [(name: String, value: String)]

    public init(status: Int, code: String, message: String, headers: [(name: String, value: String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message
            && lhs.headers.map { "\($0.name.lowercased()):\($0.value)" } == rhs.headers.map { "\($0.name.lowercased()):\($0.value)" }
    }

    /// The rendered error: JSON body, status and headers.
    public var response: Response {
        var body = "{\"error\":{\"code\":"
        JSONString.append(code, to: &body)
        body += ",\"message\":"
        JSONString.append(message, to: &body)
        body += "}}"
        var response = Response(status: status, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        for header in headers { response.headers.append(header) }
        return response
    }
}

extension HTTPError {
    public static func invalidRequest(_ message: String) -> HTTPError {
        HTTPError(status: 400, code: "invalid_request", message: message)
    }
    public static let unauthorized = HTTPError(status: 401, code: "unauthorized", message: "Authentication is required.")
    public static func notFound(_ message: String = "No such resource.") -> HTTPError {
        HTTPError(status: 404, code: "not_found", message: message)
    }
    public static func methodNotAllowed(allowed: [String]) -> HTTPError {
        HTTPError(status: 405, code: "method_not_allowed", message: "This resource does not support that method.",
                  headers: [("Allow", allowed.joined(separator: ", "))])
    }
    public static func payloadTooLarge(limit: Int) -> HTTPError {
        HTTPError(status: 413, code: "payload_too_large", message: "The request body is larger than \(limit) bytes.")
    }
    public static let unsupportedMediaType = HTTPError(
        status: 415, code: "unsupported_media_type", message: "Send the body as application/json.")
    public static func rateLimited(retryAfter seconds: Int) -> HTTPError {
        HTTPError(status: 429, code: "rate_limited", message: "Too many requests; retry after \(seconds) seconds.",
                  headers: [("Retry-After", String(seconds))])
    }
    /// The answer for a bug or a failed dependency; the details go to the log, never to the client.
    public static let internalError = HTTPError(
        status: 500, code: "internal_error", message: "Something went wrong on our side; it has been logged.")
    public static let serviceUnavailable = HTTPError(
        status: 503, code: "service_unavailable", message: "The service is temporarily unavailable.")
}
