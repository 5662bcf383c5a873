import Core
import Dispatch
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension HTTPTransport {
    /// The live transport: FoundationNetworking's `URLSession`, made synchronous with a semaphore because
    /// the server handles each request on a plain thread. Redirects are not followed (a gateway API never
    /// redirects a signed POST; following one would send the body elsewhere). No cookies, no cache.
    public static func urlSession(timeout: TimeInterval = 10) -> HTTPTransport {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
        return HTTPTransport { url, headers, body in
            guard let target = URL(string: url), let scheme = target.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
                throw GatewayError.unavailable("invalid gateway URL")
            }
            var request = URLRequest(url: target, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
            request.httpMethod = "POST"
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            request.httpBody = Data(body)
            let outcome = Mutex<Result<(status: Int, body: [UInt8]), GatewayError>?>(nil)
            let done = DispatchSemaphore(value: 0)
            let task = session.dataTask(with: request) { data, response, error in
                let result: Result<(status: Int, body: [UInt8]), GatewayError>
                if let error = error as? URLError, error.code == .timedOut {
                    result = .failure(.unavailable("gateway timed out"))
                } else if let error {
                    result = .failure(.unavailable("gateway unreachable: \(error.localizedDescription)"))
                } else if let http = response as? HTTPURLResponse {
                    result = .success((http.statusCode, data.map { [UInt8]($0) } ?? []))
                } else {
                    result = .failure(.unavailable("gateway answered without an HTTP response"))
                }
                outcome.withLock { $0 = result }
                done.signal()
            }
            task.resume()
            RunTurns.giveBack() // the upstream's answer may take seconds; let other requests run meanwhile
            // The session's own timeout should fire first; this one guards against a task that never ends.
            if done.wait(timeout: .now() + timeout + 2) == .timedOut {
                task.cancel()
                throw GatewayError.unavailable("gateway timed out")
            }
            guard let result = outcome.withLock({ $0 }) else { throw GatewayError.unavailable("gateway timed out") }
            return try result.get()
        }
    }
}

/// Refuses every redirect: the 3xx answer itself comes back to the adapter, which treats it as garbage.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// A gateway's answer: status, raw text and the JSON value when the body is JSON.
struct GatewayAnswer {
    var status: Int
    var text: String
    var json: JSONValue?
}

extension HTTPTransport {
    /// POSTs a JSON body and reads the answer. Any transport failure becomes `unavailable`, whatever the
    /// transport threw, so callers see only `GatewayError`s.
    func postJSON(_ url: String, headers: [String: String] = [:], body: String) throws(GatewayError) -> GatewayAnswer {
        var all = headers
        all["Content-Type"] = "application/json"
        all["Accept"] = "application/json"
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try post(url, all, Array(body.utf8))
        } catch let error as GatewayError {
            throw error
        } catch {
            throw .unavailable("gateway unreachable: \(error)")
        }
        return GatewayAnswer(status: answer.status, text: String(decoding: answer.body.prefix(4096), as: UTF8.self),
                             json: try? JSONParser.parse(answer.body))
    }
}
