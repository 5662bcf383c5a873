import Core

extension Heleket {
    /// Authenticates a Heleket payment webhook by the "raw" method of payments.md B.4 and reads it.
    ///
    /// Heleket signs PHP's re-encoding of the body without `sign`; Swift cannot reproduce PHP's encoder,
    /// but cutting `"sign":"<hex>"` (and one neighbouring comma) out of the received bytes yields exactly
    /// those bytes. Only then is the body parsed, strictly (duplicate keys refused), and the business
    /// fields are read from that one parse. Every failure is `unauthenticated` (answer 400).
    static func verifyWebhook(_ body: [UInt8], contentType: String, config: Config,
                              digest: Digest) throws(GatewayError) -> VerifiedCallback {
        guard Wire.mediaType(contentType) == "application/json" else { throw .unauthenticated("the webhook is not JSON") }
        let members = signMembers(in: body)
        guard members.count == 1, let member = members.first else {
            throw .unauthenticated(members.isEmpty ? "missing or malformed sign" : "more than one sign member")
        }
        let expected = config.sign(unsigned(body, cutting: member.range))
        guard digest.constantTimeEqual(expected, member.value) else { throw .unauthenticated("bad signature") }

        let json: JSONValue
        do {
            json = try JSONParser.parse(body)
        } catch {
            throw .unauthenticated("malformed JSON: \(error.reason)")
        }
        guard json["sign"]?.string == member.value else { throw .unauthenticated("the signed member is not the top-level sign") }
        switch json["type"]?.string {
        case "payment", "wallet": break
        case "payout":
            // Signed with our key but not a payment: acknowledged (so Heleket stops resending) and ignored.
            return VerifiedCallback(gateway: .heleket, orderID: json["order_id"]?.string ?? "", amount: 0, currency: "",
                                    outcome: .pending, reference: json["uuid"]?.string ?? "", eventKey: "payout")
        default: throw .unauthenticated("unknown webhook type")
        }
        func field(_ name: String) throws(GatewayError) -> String {
            guard let value = json[name]?.string, !value.isEmpty else { throw .unauthenticated("missing \(name)") }
            return value
        }
        let uuid = try field("uuid"), orderID = try field("order_id"), status = try field("status")
        guard let amount = Wire.wholeRupiah(try field("amount")) else { throw .unauthenticated("the amount is not whole rupiah") }
        // Heleket always sends the invoice currency; when absent it stays empty, so it never matches a
        // stored invoice by accident.
        let currency: String
        switch json["currency"] {
        case .string(let text)?: currency = text
        case nil, .null?: currency = ""
        default: throw .unauthenticated("currency is not a string")
        }
        return VerifiedCallback(gateway: .heleket, orderID: orderID, amount: amount, currency: currency,
                                outcome: outcome(status: status, isFinal: json["is_final"]?.bool),
                                reference: uuid, eventKey: uuid + ":" + status)
    }

    /// Every `"sign" : "<32 lowercase hex>"` in the bytes (whitespace allowed around the colon). A quote
    /// inside a JSON string is always escaped, so these can only be member names, but possibly nested
    /// ones: the caller requires exactly one, and that the parsed top-level `sign` is it.
    static func signMembers(in bytes: [UInt8]) -> [(range: Range<Int>, value: String)] {
        let name = Array("\"sign\"".utf8)
        var found: [(range: Range<Int>, value: String)] = []
        var start = 0
        while start + name.count <= bytes.count {
            defer { start += 1 }
            guard bytes[start..<start + name.count].elementsEqual(name) else { continue }
            var index = start + name.count
            func skipSpace() { while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 } }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { continue }
            index += 1
            skipSpace()
            guard index + 34 <= bytes.count, bytes[index] == UInt8(ascii: "\""), bytes[index + 33] == UInt8(ascii: "\"") else { continue }
            let value = String(decoding: bytes[(index + 1)..<(index + 33)], as: UTF8.self)
            guard Hex.isLowercase(value, count: 32) else { continue }
            found.append((start..<(index + 34), value))
        }
        return found
    }

    /// The body without the sign member and one comma: the one before it, or after it when it is first.
    static func unsigned(_ bytes: [UInt8], cutting member: Range<Int>) -> [UInt8] {
        func isSpace(_ byte: UInt8) -> Bool { [0x20, 0x09, 0x0A, 0x0D].contains(byte) }
        var before = member.lowerBound
        while before > 0, isSpace(bytes[before - 1]) { before -= 1 }
        if before > 0, bytes[before - 1] == UInt8(ascii: ",") {
            return Array(bytes[..<(before - 1)] + bytes[member.upperBound...])
        }
        var after = member.upperBound
        while after < bytes.count, isSpace(bytes[after]) { after += 1 }
        if after < bytes.count, bytes[after] == UInt8(ascii: ",") {
            return Array(bytes[..<member.lowerBound] + bytes[(after + 1)...])
        }
        return Array(bytes[..<member.lowerBound] + bytes[member.upperBound...])
    }
}
