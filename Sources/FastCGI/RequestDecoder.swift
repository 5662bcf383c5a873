import CFCGI
import HTTP

/// Turns libfcgi's parameters and input stream into a `RawRequest`.
enum RequestDecoder {
    static func decode(_ request: inout FCGX_Request, maxBodyBytes: Int) -> RawRequest {
        var method = "GET"
        var target = "/"
        var headers = Headers()
        var remoteAddress = ""
        var requestID: String?
        var contentLength: String?

        if var cursor = request.envp {
            while let entry = cursor.pointee {
                let pair = String(cString: entry)
                if let equals = pair.firstIndex(of: "=") {
                    let name = pair[..<equals]
                    let value = String(pair[pair.index(after: equals)...])
                    switch name {
                    case "REQUEST_METHOD": method = value
                    case "REQUEST_URI": target = value
                    case "REMOTE_ADDR": remoteAddress = value
                    case "REQUEST_ID": requestID = value
                    case "CONTENT_LENGTH": contentLength = value
                    case "CONTENT_TYPE": if !value.isEmpty { headers["content-type"] = value }
                    default:
                        if name.hasPrefix("HTTP_") {
                            headers[headerName(name.dropFirst(5))] = value
                        }
                    }
                }
                cursor += 1
            }
        }

        var raw = RawRequest(method: method, target: target, headers: headers,
                             remoteAddress: remoteAddress, upstreamRequestID: requestID)
        switch bodyLength(contentLength, limit: maxBodyBytes) {
        case .none:
            break
        case .invalid:
            raw.rejection = .invalidRequest("Content-Length is not a valid number.")
        case .tooLarge:
            raw.rejection = .payloadTooLarge(limit: maxBodyBytes) // answered without reading the body
        case .length(let length):
            let body = readBody(request.in, length: length)
            if body.count == length {
                raw.body = body
            } else {
                raw.rejection = .invalidRequest("The body ended after \(body.count) of \(length) bytes.")
            }
        }
        return raw
    }

    enum BodyLength: Equatable {
        case none, invalid, tooLarge
        case length(Int)
    }

    static func bodyLength(_ text: String?, limit: Int) -> BodyLength {
        guard let text, !text.isEmpty else { return .none }
        guard text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let length = Int(text) else {
            return .invalid
        }
        if length == 0 { return .none }
        return length > limit ? .tooLarge : .length(length)
    }

    static func readBody(_ stream: UnsafeMutablePointer<FCGX_Stream>?, length: Int) -> [UInt8] {
        guard let stream else { return [] }
        var body = [UInt8](repeating: 0, count: length)
        var filled = 0
        body.withUnsafeMutableBufferPointer { buffer in
            while filled < length {
                let pointer = UnsafeMutableRawPointer(buffer.baseAddress! + filled).assumingMemoryBound(to: CChar.self)
                let got = FCGX_GetStr(pointer, Int32(length - filled), stream)
                if got <= 0 { break }
                filled += Int(got)
            }
        }
        return Array(body.prefix(filled))
    }

    /// `X_REQUEST_ID` → `x-request-id`.
    static func headerName(_ name: Substring) -> String {
        String(name.lowercased().map { $0 == "_" ? "-" : $0 })
    }
}

/// Writes a `Response` as CGI-style headers plus body in a single `FCGX_PutStr`.
enum ResponseWriter {
    static func write(_ response: Response, to stream: UnsafeMutablePointer<FCGX_Stream>?) {
        guard let stream else { return }
        var head = "Status: \(response.status) \(HTTPStatus.reason(response.status))\r\n"
        for (name, value) in response.headers where isSafe(name) && isSafe(value) {
            head += name + ": " + value + "\r\n"
        }
        if response.status != 204 && response.status != 304 {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: response.body)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                _ = FCGX_PutStr($0, Int32(buffer.count), stream)
            }
        }
    }

    /// Refuses header text that could split the response (CR or LF from a value that echoes input).
    static func isSafe(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A }
    }
}
