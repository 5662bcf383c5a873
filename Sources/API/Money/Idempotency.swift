import Core
import HTTP

/// `Idempotency-Key` for writes that create something (API.md): a retry with the same key and body gets
/// the first answer again; the same key with another body is 422 `idempotency_conflict`. The key is
/// reserved before the work starts, so two concurrent retries cannot both create a deposit.
enum Idempotency {
    static func run(_ env: AppEnvironment, _ request: Request, accountID: String, _ work: () throws -> Response) throws -> Response {
        guard let key = request.headers["idempotency-key"] else { return try work() }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw HTTPError.invalidRequest("Idempotency-Key must be 1 to 255 printable ASCII characters.")
        }
        let hash = env.accounts.digest.sha256Hex(request.method + " " + request.path + "\n" + String(decoding: request.body, as: UTF8.self))
        let store = env.money.store
        let reserved = try store.write { db in
            try db.reserveIdempotencyKey(accountID: accountID, key: key, requestHash: hash, at: env.clock.now())
        }
        guard reserved else {
            guard let stored = try store.read({ try $0.idempotentResponse(accountID: accountID, key: key) }) else {
                throw MoneyError.idempotencyInProgress
            }
            guard stored.requestHash == hash else { throw MoneyError.idempotencyConflict }
            guard let status = stored.status else { throw MoneyError.idempotencyInProgress }
            var replay = Response.rawJSON(stored.body, status: status)
            replay.headers.append(("Idempotent-Replayed", "true"))
            return replay
        }
        let response: Response
        do {
            response = try work()
        } catch {
            // A client error is the request's answer and is kept; anything else frees the key for a retry.
            guard let httpError = ErrorRendering.httpError(for: error), httpError.status < 500 else {
                try? store.write { try $0.releaseIdempotencyKey(accountID: accountID, key: key) }
                throw error
            }
            response = httpError.response
        }
        try store.write { db in
            try db.completeIdempotencyKey(accountID: accountID, key: key, status: response.status,
                                          body: String(decoding: response.body, as: UTF8.self))
        }
        return response
    }
}
