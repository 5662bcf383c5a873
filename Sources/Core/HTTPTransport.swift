/// One outgoing HTTP POST, as the payment gateways and upstream number providers need it. A struct of
/// closures so unit tests record requests and script answers without sockets; the live URLSession value
/// lives with the adapters (`Payments`), which keeps this floor free of networking.
public struct HTTPTransport: Sendable {
    /// POSTs `body` to `url` with `headers`; returns the status and the body. Throws
    /// `GatewayError.unavailable` when no answer arrived (network error, timeout).
    public var post: @Sendable (_ url: String, _ headers: [String: String], _ body: [UInt8]) throws -> (status: Int, body: [UInt8])

    public init(post: @escaping @Sendable (String, [String: String], [UInt8]) throws -> (status: Int, body: [UInt8])) {
        self.post = post
    }
}
