import Core

extension Duitku {
    /// Fields every callback must carry before it is even looked at (A.6 step 2, plus what the
    /// verdict needs: `resultCode` and `reference`).
    static let requiredCallbackFields = ["merchantCode", "amount", "merchantOrderId", "signature", "resultCode", "reference"]

    /// Authenticates a Duitku callback (A.6 steps 1–3) and reads it (step 4's amount rule).
    ///
    /// The signature is recomputed over the strings exactly as received (`amount` is not reformatted),
    /// chosen by its length: 64 hex is HMAC-SHA256(merchantCode + amount + merchantOrderId), 32 hex is
    /// the legacy MD5(merchantCode + amount + merchantOrderId + apiKey), only when allowed. Every failure
    /// is `unauthenticated`: the handler answers 400 and changes nothing.
    static func verifyCallback(_ body: [UInt8], contentType: String, config: Config,
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
        var values: [String: String] = [:]
        for name in requiredCallbackFields {
            guard let value = fields[name], !value.isEmpty else { throw .unauthenticated("missing \(name)") }
            values[name] = value
        }
        let merchantCode = values["merchantCode"] ?? "", amountText = values["amount"] ?? ""
        let orderID = values["merchantOrderId"] ?? "", resultCode = values["resultCode"] ?? ""
        let reference = values["reference"] ?? ""
        guard digest.constantTimeEqual(merchantCode, config.merchantCode) else {
            throw .unauthenticated("merchantCode is not ours")
        }
        // Hex case carries no meaning; PHP emits lowercase, but a sender that uppercases is not forging.
        let signature = (values["signature"] ?? "").lowercased()
        let message = merchantCode + amountText + orderID
        let expected: String
        if Hex.isLowercase(signature, count: 64) {
            expected = Wire.hmacHex(digest, key: config.apiKey, message: message)
        } else if Hex.isLowercase(signature, count: 32) {
            guard config.allowMD5Callbacks else { throw .unauthenticated("MD5 callback signatures are disabled") }
            expected = MD5.hex(message + config.apiKey)
        } else {
            throw .unauthenticated("the signature is not 32 or 64 hex digits")
        }
        guard digest.constantTimeEqual(expected, signature) else { throw .unauthenticated("bad signature") }

        guard let amount = Wire.wholeRupiah(amountText) else { throw .unauthenticated("the amount is not whole rupiah") }
        let outcome: PaymentOutcome
        switch resultCode {
        case "00": outcome = .paid
        case "01": outcome = .failed
        default: throw .unauthenticated("unknown resultCode")
        }
        return VerifiedCallback(gateway: .duitku, orderID: orderID, amount: amount, currency: "IDR", outcome: outcome,
                                reference: reference, eventKey: reference + ":" + resultCode)
    }
}
