import Core
import HTTP

/// `Idempotency-Key` for writes that create something (API.md): a retry with the same key and body gets
/// the first answer again; the same key with another body is 422 `idempotency_conflict`. The key is
/// reserved before the work starts, so two concurrent retries cannot both create a deposit.
///
/// A process killed mid-request (kill -9, a crash, a power cut) leaves a reserved key without an answer.
/// Such a key is recognised because no request in this process holds it (`running`; one serving process
/// per database, DESIGN.md), and the retry takes the request over: it answers with what the dead request
/// created, recorded against the key in the transaction that created it, or else does the work itself.
/// Without this, every retry of such a key was answered 409 forever (found by Tests/integration/test_soak.py).
enum Idempotency {
    /// Keys (account and key) whose request runs in this process right now.
    static let running = RunningKeys()

    /// `work` gets the key (nil without the header) to pass on to the service that records its resource;
    /// `recover` answers for a resource such a record names (`order:12`, `deposit:D…`).
    static func run(_ env: AppEnvironment, _ request: Request, accountID: String, recover: (String) throws -> Response,
                    _ work: (String?) throws -> Response) throws -> Response {
        guard let key = request.headers["idempotency-key"] else { return try work(nil) }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw HTTPError.invalidRequest("Idempotency-Key must be 1 to 255 printable ASCII characters.")
        }
        let hash = env.accounts.digest.sha256Hex(request.method + " " + request.path + "\n" + String(decoding: request.body, as: UTF8.self))
        let store = env.money.store
        let runningKey = accountID + "\n" + key
        guard running.claim(runningKey) else {
            // Another request with this key runs in this process: its answer if it has one by now, else 409.
            if let answer = try stored(store, accountID: accountID, key: key, hash: hash) { return answer }
            throw MoneyError.idempotencyInProgress
        }
        defer { running.release(runningKey) }

        let reserved = try store.write { db in
            try db.reserveIdempotencyKey(accountID: accountID, key: key, requestHash: hash, at: env.clock.now())
        }
        if !reserved {
            if let answer = try stored(store, accountID: accountID, key: key, hash: hash) { return answer }
            // Reserved, unanswered, and held by no request here: the process that reserved it died.
            if let resource = try store.read({ try $0.idempotentResponse(accountID: accountID, key: key) })?.resource {
                let response = try recover(resource)
                try complete(store, accountID: accountID, key: key, response)
                return replayed(response)
            }
        }
        let response: Response
        do {
            response = try work(key)
        } catch {
            // A client error is the request's answer and is kept; anything else frees the key for a retry.
            guard let httpError = ErrorRendering.httpError(for: error), httpError.status < 500 else {
                try? store.write { try $0.releaseIdempotencyKey(accountID: accountID, key: key) }
                throw error
            }
            response = httpError.response
        }
        try complete(store, accountID: accountID, key: key, response)
        return response
    }

    /// The stored answer for the key as a replay; nil while it has none. 422 if the body differs.
    private static func stored(_ store: any MoneyStore, accountID: String, key: String, hash: String) throws -> Response? {
        guard let stored = try store.read({ try $0.idempotentResponse(accountID: accountID, key: key) }) else { return nil }
        guard stored.requestHash == hash else { throw MoneyError.idempotencyConflict }
        guard let status = stored.status else { return nil }
        return replayed(Response.rawJSON(stored.body, status: status))
    }

    private static func complete(_ store: any MoneyStore, accountID: String, key: String, _ response: Response) throws {
        try store.write { db in
            try db.completeIdempotencyKey(accountID: accountID, key: key, status: response.status,
                                          body: String(decoding: response.body, as: UTF8.self))
        }
    }

    private static func replayed(_ response: Response) -> Response {
        var replay = response
        replay.headers.append(("Idempotent-Replayed", "true"))
        return replay
    }
}

/// A set of strings behind a lock: `claim` is false if the string is already held.
final class RunningKeys: @unchecked Sendable {
    private let lock = Lock()
    private var keys = Set<String>()

    func claim(_ key: String) -> Bool { lock.withLock { keys.insert(key).inserted } }
    func release(_ key: String) { lock.withLock { _ = keys.remove(key) } }
}
