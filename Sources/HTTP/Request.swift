/// One HTTP request as a value: what a handler needs and nothing of the transport.
///
/// The path and query are decoded strictly when the request is built (`Request.parse`), so no handler
/// ever sees invalid percent-encoding or non-UTF-8 text: such requests are answered 400 up front.
public struct Request: Sendable {
    public var method: String
    /// The decoded path, without the query, e.g. `/api/v1/orders/42`.
    public var path: String
    /// Decoded query parameters in order of appearance; `+` means space.
    public var query: [(name: String, value: String)]
    public var headers: Headers
    public var body: [UInt8]
    /// The client's address as nginx saw it (`REMOTE_ADDR`).
    public var remoteAddress: String
    /// Correlates the response header and every log line of this request.
    public var requestID: String
    /// True over HTTPS: cookies get `Secure` and the `__Host-` prefix.
    public var isSecure: Bool = false
    /// Values of `{name}` segments, filled by the router.
    public var pathParameters: [String: String] = [:]
    /// The transport thread handling the request (`RawRequest.worker`), for per-thread caches.
    public var worker: Int = 0

    public init(method: String, path: String, query: [(name: String, value: String)] = [], headers: Headers = Headers(),
                body: [UInt8] = [], remoteAddress: String = "127.0.0.1", requestID: String = "") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.requestID = requestID
    }

    /// Builds a request from a raw request target such as `/api/v1/prices?country=ID`.
    /// Throws `invalid_request` for bad percent-encoding, non-UTF-8 or a target that is not a path.
    public static func parse(method: String, target: String, headers: Headers = Headers(), body: [UInt8] = [],
                             remoteAddress: String = "127.0.0.1", requestID: String = "", isSecure: Bool = false) throws(HTTPError) -> Request {
        let rawPath: Substring
        let rawQuery: Substring?
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            rawPath = target[..<mark]
            rawQuery = target[target.index(after: mark)...]
        } else {
            rawPath = target[...]
            rawQuery = nil
        }
        guard rawPath.hasPrefix("/") else { throw .invalidRequest("The request path must start with '/'.") }
        guard let path = PercentDecoding.decode(rawPath, plusIsSpace: false) else {
            throw .invalidRequest("The request path has invalid percent-encoding or is not UTF-8.")
        }
        guard !path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw .invalidRequest("The request path contains control characters.")
        }
        var query: [(name: String, value: String)] = []
        if let rawQuery, !rawQuery.isEmpty {
            for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = PercentDecoding.decode(parts[0], plusIsSpace: true),
                      let value = PercentDecoding.decode(parts.count > 1 ? parts[1] : "", plusIsSpace: true)
                else { throw .invalidRequest("The query string has invalid percent-encoding or is not UTF-8.") }
                query.append((name, value))
            }
        }
        var request = Request(method: method.uppercased(), path: path, query: query, headers: headers, body: body,
                              remoteAddress: remoteAddress, requestID: requestID)
        request.isSecure = isSecure
        return request
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

/// Strict percent-decoding: `%` must be followed by two hex digits and the result must be valid UTF-8.
public enum PercentDecoding {
    public static func decode(_ text: Substring, plusIsSpace: Bool) -> String? {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text) // already valid UTF-8: it came from a String
        }
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < utf8.count,
                      let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
                else { return nil }
                bytes.append(high << 4 | low)
                index += 3
            } else if plusIsSpace && byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
                index += 1
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The value of one hex digit in either case (percent-encoding and JSON `\u` escapes allow both).
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Whole numbers in paths and query strings: plain digits only, so `/orders/01` and `?limit=+5` are not
/// second spellings of `/orders/1` and `?limit=5`.
public enum PlainNumber {
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard (1...18).contains(bytes.count), bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes.count == 1 || bytes[0] != 0x30 else { return nil }
        return Int64(text)
    }
}
