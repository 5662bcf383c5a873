#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AccountService {
    /// Creates an API token; the secret is in the result only, never stored or shown again (R6).
    public func createToken(for account: Account, name: String) throws -> (APIToken, secret: String) {
        try requireUsable(account)
        guard account.apiAccess else { throw AccountError.apiAccessRevoked }
        let secret = Secrets.apiToken(random)
        let token = APIToken(id: Secrets.id(random), accountID: account.id, name: name, tokenHash: digest.sha256Hex(secret),
                             hint: String(secret.prefix(Secrets.apiTokenPrefix.count + 4)), createdAt: clock.now())
        try store.write { db in
            guard try db.tokens(accountID: account.id).count < settings.maxTokensPerAccount else {
                throw AccountError.tooManyTokens(limit: settings.maxTokensPerAccount)
            }
            try db.insertToken(token)
        }
        return (token, secret)
    }

    public func tokens(of account: Account) throws -> [APIToken] {
        try store.read { try $0.tokens(accountID: account.id) }
    }

    /// Revokes one of the caller's own tokens; it fails on the very next request (no cache).
    public func revokeToken(id: String, of account: Account) throws {
        guard try store.write({ try $0.revokeToken(id: id, accountID: account.id, at: clock.now()) }) else {
            throw AccountError.notFound
        }
    }

    /// Resolves `Authorization: Bearer <token>`; records its last use at most once a minute.
    public func authenticate(bearer secret: String) throws -> Principal {
        guard Secrets.isWellFormedAPIToken(secret) else { throw AccountError.unauthorized }
        let hash = digest.sha256Hex(secret)
        let token: APIToken, account: Account, epoch: Int64
        let current = try store.currentAuthEpoch()
        if let cached = principals.lookup(hash, epoch: current) {
            (token, account, epoch) = (cached.0, cached.1, current)
        } else {
            // The epoch is read in the same snapshot as the rows, so an entry can never be newer-tagged than its data.
            let (read, found) = try store.read { db in (try db.authEpoch(), try db.tokenWithAccount(hash: hash)) }
            guard let found else { throw AccountError.unauthorized }
            (token, account, epoch) = (found.0, found.1, read)
            principals.remember(hash, token: token, account: account, epoch: epoch)
        }
        // A terminated account's tokens are revoked, but its bots are told why (`account_terminated`).
        guard account.state == .terminated || token.revokedAt == nil else { throw AccountError.unauthorized }
        try requireUsable(account)
        guard account.apiAccess else { throw AccountError.apiAccessRevoked }
        let now = clock.now()
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try store.write { try $0.touchToken(id: token.id, at: now) }
            // The touch does not move the epoch (schema v10), so the cached row is brought up to date here,
            // or every later request would see an old last_used_at and touch again.
            var touched = token
            touched.lastUsedAt = now
            principals.remember(hash, token: touched, account: account, epoch: epoch)
        }
        return Principal(account: account, credential: .token(token))
    }
}
