/// A handler answers one request. It throws `HTTPError` for anything the client did wrong;
/// any other error is a bug and is answered 500 by the application's error boundary.
public typealias Handler = @Sendable (Request) throws -> Response

/// All routes of an application in one table: method + path pattern (`/api/v1/orders/{id}`) → handler.
///
/// Matching is by whole segments; `{name}` matches one non-empty segment and lands in
/// `Request.pathParameters`. `HEAD` is served by the `GET` handler with the body dropped.
public struct Router: Sendable {
    public struct Route: Sendable {
        public let method: String
        public let pattern: String
        /// `METHOD pattern`, built once: the metrics label of every request this route answers.
        public let label: String
        let segments: [Segment]
        let handler: Handler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// The outcome of looking a request up.
    public enum Match {
        case found(Handler, parameters: [String: String], route: String)
        case notFound
        case methodNotAllowed(allowed: [String])
    }

    public private(set) var routes: [Route] = []
    /// Route indices by segment count, in table order: a path is only tried against routes of its length.
    private var routesByLength: [Int: [Int]] = [:]

    public init() {}

    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        let segments = Router.split(pattern).map { part -> Segment in
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        routesByLength[segments.count, default: []].append(routes.count)
        routes.append(Route(method: method.uppercased(), pattern: pattern, label: method.uppercased() + " " + pattern, segments: segments,
                            handler: handler))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { add("GET", pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { add("POST", pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping Handler) { add("DELETE", pattern, handler) }

    public func match(method: String, path: String) -> Match {
        let parts = Router.split(path)
        var allowed: [String] = []
        let lookup = method == "HEAD" ? "GET" : method
        for index in routesByLength[parts.count] ?? [] where Router.matches(routes[index].segments, parts) {
            let method = routes[index].method
            if method == lookup {
                return .found(routes[index].handler, parameters: Router.bind(routes[index].segments, to: parts) ?? [:], route: routes[index].label)
            }
            allowed.append(method)
            if method == "GET" { allowed.append("HEAD") }
        }
        if allowed.isEmpty { return .notFound }
        return .methodNotAllowed(allowed: Array(Set(allowed)).sorted())
    }

    /// Routes a request: 404 and 405 (with `Allow`) come back as thrown `HTTPError`s.
    public func respond(to request: Request) throws -> Response {
        var route: String?
        return try respond(to: request, route: &route)
    }

    /// Routes a request and reports the matched route (`GET /api/v1/orders/{id}`) for metrics.
    public func respond(to request: Request, route: inout String?) throws -> Response {
        switch match(method: request.method, path: request.path) {
        case .notFound:
            throw HTTPError.notFound("No endpoint at \(request.path).")
        case .methodNotAllowed(let allowed):
            throw HTTPError.methodNotAllowed(allowed: allowed)
        case .found(let handler, let parameters, let matched):
            route = matched
            var request = request
            request.pathParameters = parameters
            var response = try handler(request)
            if request.method == "HEAD" { response.body = [] }
            return response
        }
    }

    /// Splits on `/` by bytes (String-level splitting does grapheme breaking, far slower on the hot path).
    static func split(_ path: String) -> [Substring] {
        path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { Substring($0) }
    }

    /// Whether the literal segments match, without building the parameters: most routes of a path's
    /// length are tried and fail, and a dictionary for each showed in the order poll's profile.
    static func matches(_ segments: [Segment], _ parts: [Substring]) -> Bool {
        guard segments.count == parts.count else { return false }
        for (segment, part) in zip(segments, parts) {
            if case .literal(let text) = segment, text != part { return false }
        }
        return true
    }

    static func bind(_ segments: [Segment], to parts: [Substring]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text): if text != part { return nil }
            case .parameter(let name): parameters[name] = String(part)
            }
        }
        return parameters
    }
}
