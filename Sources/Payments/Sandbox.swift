import Core

/// The built-in gateway for `make run` and tests. It never touches the network, but its callbacks are
/// signed and verified as strictly as Duitku's, so the whole callback path (signature, amount, dedup,
/// crediting) is exercised without a real gateway. The secret is the server's; nobody else can sign.
public enum Sandbox {
    static let signedFields = ["order_id", "amount", "status", "reference"]

    /// - Parameters:
    ///   - baseURL: the public site URL; the pay page lives at `/api/v1/payments/sandbox/pay/{orderID}`.
    ///   - confirm: answers the status API from the server's own sandbox record; by default the sandbox
    ///     has no status API and confirmation is `unavailable`.
    public static func client(
        secret: [UInt8], baseURL: String, digest: Digest,
        confirm: @escaping @Sendable (_ orderID: String) throws -> GatewayStatus = { _ in
            throw GatewayError.unavailable("the sandbox gateway has no status API")
        }
    ) -> GatewayClient {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return GatewayClient(
            gateway: .sandbox,
            createPayment: { request in
                PaymentInstructions(reference: "SBX-" + request.orderID, url: base + "/api/v1/payments/sandbox/pay/" + request.orderID)
            },
            confirm: confirm,
            verifyCallback: { body, contentType in try verifyCallback(body, contentType: contentType, secret: secret, digest: digest) },
            acknowledgement: "OK"
        )
    }

    /// A callback as the sandbox "gateway" sends it: a form body with `order_id`, `amount`, `status`,
    /// `reference` and `signature` = hex HMAC-SHA256(secret, "order_id|amount|status|reference").
    public static func signedCallback(orderID: String, amount: Int64, outcome: PaymentOutcome, reference: String,
                                      secret: [UInt8], digest: Digest) -> (body: [UInt8], contentType: String) {
        let values = [orderID, String(amount), outcome.rawValue, reference]
        let signature = sign(values, secret: secret, digest: digest)
        let body = FormBody.encode(Array(zip(signedFields, values)) + [("signature", signature)])
        return (Array(body.utf8), "application/x-www-form-urlencoded")
    }

    static func sign(_ values: [String], secret: [UInt8], digest: Digest) -> String {
        Hex.encode(digest.hmacSHA256(secret, Array(values.joined(separator: "|").utf8)))
    }

    /// Verifies a sandbox callback over the received strings, in constant time. A `|` inside a signed
    /// field is refused, so no two field lists share a signed message.
    static func verifyCallback(_ body: [UInt8], contentType: String, secret: [UInt8],
                               digest: Digest) throws(GatewayError) -> VerifiedCallback {
        guard Wire.mediaType(contentType) == "application/x-www-form-urlencoded" else {
            throw .unauthenticated("the callback is not form-encoded")
        }
        let fields: [String: String]
        do {
            fields = try FormBody.parse(body)
        } catch {
            throw .unauthenticated("malformed form body: \(error.reason)")
        }
        var values: [String] = []
        for name in signedFields {
            guard let value = fields[name], !value.isEmpty else { throw .unauthenticated("missing \(name)") }
            guard !value.contains("|") else { throw .unauthenticated("'|' in \(name)") }
            values.append(value)
        }
        let signature = (fields["signature"] ?? "").lowercased()
        guard Hex.isLowercase(signature, count: 64) else { throw .unauthenticated("the signature is not 64 hex digits") }
        guard digest.constantTimeEqual(sign(values, secret: secret, digest: digest), signature) else {
            throw .unauthenticated("bad signature")
        }
        guard let amount = Wire.wholeRupiah(values[1]) else { throw .unauthenticated("the amount is not whole rupiah") }
        guard let outcome = PaymentOutcome(rawValue: values[2]) else { throw .unauthenticated("unknown status") }
        return VerifiedCallback(gateway: .sandbox, orderID: values[0], amount: amount, currency: "IDR", outcome: outcome,
                                reference: values[3], eventKey: values[3] + ":" + values[2])
    }
}
