#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// `/api/v1/tokens`: API tokens for bots (R6). The secret appears once, in the 201 answer.
enum TokenHandlers {
    struct Item: Encodable {
        let id: String
        let name: String
        /// The token's first characters, to tell tokens apart; never the secret.
        let hint: String
        let created_at: Date
        let last_used_at: Date?
    }

    struct Created: Encodable {
        let id: String
        let name: String
        let hint: String
        let token: String
        let created_at: Date
    }

    struct CreateBody: JSONBody {
        static let allowedKeys: Set<String> = ["name"]
        let name: String
    }

    static func list(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let items = try env.accounts.tokens(of: principal.account).map {
                Item(id: $0.id, name: $0.name, hint: $0.hint, created_at: $0.createdAt, last_used_at: $0.lastUsedAt)
            }
            return try .json(ListPage(items: items, nextCursor: nil))
        }
    }

    static func create(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            try RateLimits.charge(env, key: "account:" + principal.account.id, budget: RateLimits.tokenCreation)
            let body = try request.decodeJSON(CreateBody.self)
            let name = body.name.trimmingSpaces
            guard (1...64).contains(name.unicodeScalars.count), !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw HTTPError.invalidRequest("The token name must be 1 to 64 printable characters.")
            }
            let (token, secret) = try env.accounts.createToken(for: principal.account, name: name)
            return try .json(Created(id: token.id, name: token.name, hint: token.hint, token: secret, created_at: token.createdAt), status: 201)
        }
    }

    static func revoke(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            try env.accounts.revokeToken(id: request.pathParameters["id"] ?? "", of: principal.account)
            return .noContent()
        }
    }
}
