import Core
import HTTP
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// The whole SMSCode HTTP application: `buildApplication` returns it, the FastCGI transport calls
/// `handle(_:)` with raw requests, and tests call `respond(to:)` or `handle(_:)` in-process.
public struct Application: Sendable {
    public let router: Router
    let environment: AppEnvironment
    let logger: Logger

    /// The error boundary: routes the request and turns every thrown error into a rendered response.
    /// `HTTPError`s are the client's fault and are rendered as they are; anything else is a bug,
    /// logged with the request id and answered 500 without details.
    public func respond(to request: Request) -> Response {
        var route: String?
        return respond(to: request, route: &route)
    }

    func respond(to request: Request, route: inout String?) -> Response {
        do {
            return try router.respond(to: request, route: &route)
        } catch {
            if let httpError = ErrorRendering.httpError(for: error) { return httpError.response }
            var logger = logger
            logger[metadataKey: "request_id"] = .string(request.requestID)
            logger.error("unhandled error", metadata: ["error": .string(String(describing: error)), "path": .string(request.path)])
            return HTTPError.internalError.response
        }
    }

    /// Everything around `respond`: request id, strict target decoding, transport rejections,
    /// the `X-Request-Id` header and one log line per request.
    public func handle(_ raw: RawRequest) -> Response {
        let started = monotonicNanoseconds()
        let requestID = RequestID.accept(raw.upstreamRequestID) ?? environment.random.hex(16)
        var response: Response
        var path = raw.target
        var route: String?
        if let rejection = raw.rejection {
            response = rejection.response
        } else {
            do {
                var request = try Request.parse(method: raw.method, target: raw.target, headers: raw.headers, body: raw.body,
                                                remoteAddress: raw.remoteAddress, requestID: requestID, isSecure: raw.isSecure)
                request.worker = raw.worker
                path = request.path
                response = respond(to: request, route: &route)
            } catch {
                response = error.response
            }
        }
        response.headers.append(("X-Request-Id", requestID))
        response.headers.append(("Cache-Control", "no-store"))
        let micros = (monotonicNanoseconds() - started) / 1000
        environment.metrics.recordRequest(route: route ?? "unmatched", status: response.status, seconds: Double(micros) / 1_000_000,
                                          shard: raw.worker)
        // nginx's access log (which carries the same $request_id) is the full request log; the app adds a
        // line of its own for failures and slow requests, and for everything at debug level.
        let level: Logger.Level = response.status >= 400 || micros > 250_000 ? .info : .debug
        logger.log(level: level, "request", metadata: [
            "request_id": .string(requestID),
            "method": .string(raw.method),
            "path": .string(RequestID.loggable(path)),
            "status": .string(String(response.status)),
            "micros": .string(String(micros)),
        ])
        return response
    }
}

/// Builds the application from its environment: the one place where routes meet their dependencies.
public func buildApplication(environment: AppEnvironment, logger: Logger) -> Application {
    Application(router: Routes.make(environment), environment: environment, logger: logger)
}

enum RequestID {
    /// Accepts nginx's `$request_id` (32 hex digits) and nothing else, so clients cannot forge log lines.
    static func accept(_ candidate: String?) -> String? {
        guard let candidate, (8...64).contains(candidate.utf8.count),
              candidate.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        return candidate
    }

    /// The path without its query (which may hold an SMS-Activate `api_key`), cut to a sane length.
    static func loggable(_ target: String) -> String {
        let path = target.utf8.firstIndex(of: UInt8(ascii: "?")).map { String(target[..<$0]) } ?? target
        return path.utf8.count > 200 ? String(path.prefix(200)) + "…" : path
    }
}
