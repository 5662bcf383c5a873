/// A request as the transport received it, before strict decoding. The application turns it into a
/// `Request` (answering 400 for a bad target) so that even rejected requests get a request id and a
/// log line.
public struct RawRequest: Sendable {
    public var method: String
    /// The request target as sent, path and query (`REQUEST_URI`).
    public var target: String
    public var headers: Headers
    public var body: [UInt8]
    public var remoteAddress: String
    /// An id assigned upstream (nginx's `$request_id`), reused so nginx's and our logs correlate.
    public var upstreamRequestID: String?
    /// True when the client reached us over HTTPS (FastCGI `HTTPS=on`): decides `Secure` cookies.
    public var isSecure: Bool
    /// Set when the transport already refused the request (body over the limit, incomplete body).
    public var rejection: HTTPError?
    /// Which transport thread handles the request: per-thread state (metrics shards) needs no shared lock.
    public var worker: Int = 0

    public init(method: String, target: String, headers: Headers = Headers(), body: [UInt8] = [],
                remoteAddress: String = "127.0.0.1", upstreamRequestID: String? = nil, isSecure: Bool = false, rejection: HTTPError? = nil) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.upstreamRequestID = upstreamRequestID
        self.isSecure = isSecure
        self.rejection = rejection
    }
}
