import Core

/// One answer of an SMS-Activate-protocol server (`handler_api.php`), read the way robust clients read
/// it (protocols.md §1.9): the body trimmed; a token split on its first `:`; 4xx bodies that carry a token
/// treated like a 200; anything else — HTML error pages, empty bodies, 5xx — is garbage.
enum SMSActivateAnswer: Equatable {
    case token(String, String?)
    case garbage(String)

    static func read(status: Int, body: [UInt8]) -> SMSActivateAnswer {
        let text = String(decoding: body.prefix(65_536), as: UTF8.self).trimmingWhitespace
        guard status < 500, !text.isEmpty, !text.hasPrefix("<") else {
            return .garbage("HTTP \(status): \(text.prefix(80))")
        }
        if text.hasPrefix("{") || text.hasPrefix("[") { return .token("JSON", text) }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let head = String(parts[0])
        guard head.allSatisfy({ $0.isUppercase || $0 == "_" || $0.isNumber }), head.contains(where: \.isLetter) else {
            return .garbage("unexpected answer: \(text.prefix(80))")
        }
        return .token(head, parts.count > 1 ? String(parts[1]) : nil)
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
