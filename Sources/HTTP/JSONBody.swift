#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A request body type. `allowedKeys` makes unknown members an error rather than silently ignored,
/// because Foundation's decoder ignores them (security.md A0.2) and a typo in `max_price` must not
/// turn into "no limit".
public protocol JSONBody: Decodable {
    static var allowedKeys: Set<String> { get }
}

extension Request {
    /// Decodes a JSON object body strictly: `Content-Type: application/json` (else 415), well-formed
    /// JSON with no duplicate keys, no NUL, bounded depth (else 400), no unknown members (else 400),
    /// and fields of the right types (else 400 naming the field).
    public func decodeJSON<T: JSONBody>(_ type: T.Type) throws(HTTPError) -> T {
        guard let contentType = headers["content-type"], Request.isJSON(contentType) else {
            throw .unsupportedMediaType
        }
        let keys: [String]
        do {
            keys = try StrictJSON.validateObject(body)
        } catch {
            throw .invalidRequest("The body is not valid JSON: \(error.reason).")
        }
        if let unknown = keys.first(where: { !T.allowedKeys.contains($0) }) {
            throw .invalidRequest("Unknown field '\(unknown)'.")
        }
        do {
            return try JSONCoding.decoder.decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw .invalidRequest(Request.describe(error))
        } catch {
            throw .invalidRequest("The body could not be read.")
        }
    }

    static func isJSON(_ contentType: String) -> Bool {
        let parts = contentType.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
        guard parts.first == "application/json" else { return false }
        return parts.dropFirst().allSatisfy { $0 == "charset=utf-8" || $0 == "charset=\"utf-8\"" }
    }

    static func describe(_ error: DecodingError) -> String {
        func field(_ path: [CodingKey]) -> String {
            path.isEmpty ? "body" : "'" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "Missing field \(field(context.codingPath + [key]))."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "Field \(field(context.codingPath)) has the wrong type."
        case .dataCorrupted(let context):
            return "Field \(field(context.codingPath)) is invalid."
        @unknown default:
            return "The body could not be read."
        }
    }
}
