#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// `/api/v1/sessions`: the caller's dashboard logins, to review and end (ASVS 7.5.2).
enum SessionHandlers {
    struct Item: Encodable {
        let id: String
        let created_at: Date
        let last_seen_at: Date
        let user_agent: String
        let ip_address: String
        let current: Bool
    }

    static func list(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let items = try env.accounts.sessions(of: principal.account).map {
                Item(id: $0.id, created_at: $0.createdAt, last_seen_at: $0.lastSeenAt, user_agent: $0.userAgent,
                     ip_address: $0.ipAddress, current: $0.id == principal.session?.id)
            }
            return try .json(ListPage(items: items, nextCursor: nil))
        }
    }

    static func end(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            try env.accounts.endSession(id: request.pathParameters["id"] ?? "", of: principal.account)
            return .noContent()
        }
    }
}
