#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// `/api/v1/account/deletion` and `DELETE /api/v1/account`: self-service deletion (ToS §9, R9). The
/// preview shows the forfeited balance and what blocks a deletion before anything can be confirmed.
enum DeletionHandlers {
    struct Blocking: Encodable {
        let active_orders: Int
        let pending_deposits: Int
    }

    struct Preview: Encodable {
        let forfeit_amount: Int64
        let blocking: Blocking
        /// True when nothing blocks: `DELETE /api/v1/account` would succeed with the password.
        let deletable: Bool
        let cooldown_days: Int
        let purge_at: Date
    }

    struct DeleteBody: JSONBody {
        static let allowedKeys: Set<String> = ["password", "confirm_forfeit_amount"]
        let password: String
        /// Must repeat `forfeit_amount` from the preview, so the loss cannot be confirmed blind.
        let confirm_forfeit_amount: Int64
    }

    struct Deleted: Encodable {
        let status = "deleted"
        let forfeited: Int64
        let deleted_at: Date
        /// When personal data is purged; the email may register again from then on.
        let purge_at: Date
    }

    static func lifecycle(_ env: AppEnvironment) throws -> AccountLifecycle {
        guard let lifecycle = env.lifecycle else { throw HTTPError.serviceUnavailable }
        return lifecycle
    }

    static func preview(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let preview = try lifecycle(env).deletionPreview(principal.account)
            return try .json(Preview(forfeit_amount: preview.forfeitAmount,
                                     blocking: Blocking(active_orders: preview.blockers.activeOrders,
                                                        pending_deposits: preview.blockers.pendingDeposits),
                                     deletable: preview.blockers.isEmpty, cooldown_days: preview.cooldownDays, purge_at: preview.purgeAt))
        }
    }

    static func delete(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            // Every attempt counts, refused ones too: the password check must not become a guessing oracle.
            try RateLimits.charge(env, key: "account:" + principal.account.id, budget: RateLimits.deletion)
            let body = try request.decodeJSON(DeleteBody.self)
            let receipt = try lifecycle(env).delete(principal, password: body.password, confirmForfeitAmount: body.confirm_forfeit_amount)
            var response = try Response.json(Deleted(forfeited: receipt.forfeited, deleted_at: receipt.deletedAt, purge_at: receipt.purgeAt))
            response.headers.append(Cookies.clear(secure: request.isSecure))
            return response
        }
    }
}
