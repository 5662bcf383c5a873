import CFCGI
import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// Turns libfcgi's parameters and input stream into a `RawRequest`.
enum RequestDecoder {
    static func decode(_ request: inout FCGX_Request, maxBodyBytes: Int) -> RawRequest {
        var method = "GET"
        var target = "/"
        var headers = Headers()
        var remoteAddress = ""
        var requestID: String?
        var contentLength: String?
        var isSecure = false

        // Byte-level scan: String-level searching (grapheme breaking) cost ~half a million
        // instructions per request here; only the parameters we use become Strings.
        if var cursor = request.envp {
            while let entry = cursor.pointee {
                cursor += 1
                guard let equals = strchr(entry, 0x3D) else { continue }
                let nameLength = entry.distance(to: equals)
                let value = UnsafePointer(equals + 1)
                if nameLength > 5, memcmp(entry, "HTTP_", 5) == 0 {
                    headers.setLowercased(headerName(UnsafePointer(entry + 5), count: nameLength - 5), String(cString: value))
                } else if matches(entry, nameLength, "REQUEST_METHOD") {
                    method = String(cString: value)
                } else if matches(entry, nameLength, "REQUEST_URI") {
                    target = String(cString: value)
                } else if matches(entry, nameLength, "REMOTE_ADDR") {
                    remoteAddress = String(cString: value)
                } else if matches(entry, nameLength, "REQUEST_ID") {
                    requestID = String(cString: value)
                } else if matches(entry, nameLength, "CONTENT_LENGTH") {
                    contentLength = String(cString: value)
                } else if matches(entry, nameLength, "CONTENT_TYPE"), value.pointee != 0 {
                    headers.setLowercased("content-type", String(cString: value))
                } else if matches(entry, nameLength, "HTTPS"), value.pointee != 0 {
                    isSecure = strcmp(value, "off") != 0
                }
            }
        }

        var raw = RawRequest(method: method, target: target, headers: headers,
                             remoteAddress: remoteAddress, upstreamRequestID: requestID, isSecure: isSecure)
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

    static func matches(_ name: UnsafePointer<CChar>, _ length: Int, _ wanted: StaticString) -> Bool {
        length == wanted.utf8CodeUnitCount && memcmp(name, wanted.utf8Start, length) == 0
    }

    /// `X_REQUEST_ID` → `x-request-id`, byte by byte.
    static func headerName(_ name: UnsafePointer<CChar>, count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            for index in 0..<count {
                let byte = UInt8(bitPattern: name[index])
                buffer[index] = byte == 0x5F ? 0x2D : (byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
            }
            return count
        }
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
