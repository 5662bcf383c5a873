/// What each bearer token resolved to — its token row and its account row — tagged with the
/// `auth_epoch` the rows were read at.
///
/// Bots poll `GET /api/v1/orders/{id}` many times a second; resolving the token was a two-table
/// read on every poll, half the request's database work. An entry is used only while the database's
/// epoch is still the one it was read at, and every change to what authentication reads of an account
/// or token (revocation, suspension, termination, deletion, API access) moves the epoch in the same
/// transaction, from any process. So the cache can only ever answer what a fresh read would:
/// revocation stays immediate. Two columns do not move it (schema v10): the balance, which changes
/// with every purchase and which nobody reads from a cached principal, and the token's
/// `last_used_at`, which `authenticate` updates in its entry when it touches it. Unknown tokens are never cached (nothing to fill
/// memory with), and the whole cache is dropped when it reaches `capacity` entries.
final class PrincipalCache: Sendable {
    private struct Entry {
        let token: APIToken
        let account: Account
        let epoch: Int64
    }

    private let lock = Lock()
    nonisolated(unsafe) private var entries: [String: Entry] = [:] // guarded by `lock`
    let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    /// The rows cached for `tokenHash` if they were read at `epoch`, else nil.
    func lookup(_ tokenHash: String, epoch: Int64) -> (APIToken, Account)? {
        lock.withLock {
            guard let entry = entries[tokenHash], entry.epoch == epoch else { return nil }
            return (entry.token, entry.account)
        }
    }

    func remember(_ tokenHash: String, token: APIToken, account: Account, epoch: Int64) {
        lock.withLock {
            if entries.count >= capacity, entries[tokenHash] == nil { entries.removeAll(keepingCapacity: true) }
            entries[tokenHash] = Entry(token: token, account: account, epoch: epoch)
        }
    }

    var count: Int { lock.withLock { entries.count } }
}
