#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// `/api/v1/me`: the caller's account, terms acceptance and password.
enum MeHandlers {
    struct Terms: Encodable {
        let accepted: String
        let current: String
        /// True when a newer Terms version awaits acceptance (the dashboard shows a notice, R10).
        let update_available: Bool
    }

    struct MeResponse: Encodable {
        let id: String
        let email: String
        let state: String
        let email_verified: Bool
        let balance: Int64
        let api_access: Bool
        let created_at: Date
        let terms: Terms
        /// Only for cookie sessions: the token unsafe requests must send as `X-CSRF-Token`.
        let csrf_token: String?

        init(_ account: Account, settings: AccountSettings, csrfToken: String?) {
            id = account.id
            email = account.email
            state = account.state.rawValue
            email_verified = account.isEmailVerified
            balance = account.balance
            api_access = account.apiAccess
            created_at = account.createdAt
            terms = Terms(accepted: account.termsVersion, current: settings.currentTermsVersion,
                          update_available: account.termsVersion != settings.currentTermsVersion)
            csrf_token = csrfToken
        }
    }

    /// `account` with its balance read now: a bearer token's principal may come from the principal
    /// cache, which balance changes do not invalidate (schema v10).
    static func freshBalance(_ account: Account, _ env: AppEnvironment) throws -> Account {
        var account = account
        account.balance = try env.money.balance(accountID: account.id)
        return account
    }

    static func me(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let csrf = principal.session != nil ? Cookies.sessionToken(request).map(env.accounts.csrfToken(forSessionToken:)) : nil
            return try .json(MeResponse(try freshBalance(principal.account, env), settings: env.accounts.settings, csrfToken: csrf))
        }
    }

    struct TermsBody: JSONBody {
        static let allowedKeys: Set<String> = ["version"]
        let version: String
    }

    static func acceptTerms(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let body = try request.decodeJSON(TermsBody.self)
            try env.accounts.acceptTerms(principal.account, version: body.version)
            var account = try freshBalance(principal.account, env)
            account.termsVersion = body.version
            return try .json(MeResponse(account, settings: env.accounts.settings, csrfToken: nil))
        }
    }

    struct PasswordBody: JSONBody {
        static let allowedKeys: Set<String> = ["current_password", "new_password"]
        let current_password: String
        let new_password: String
    }

    static func changePassword(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let body = try request.decodeJSON(PasswordBody.self)
            try env.accounts.changePassword(principal, current: body.current_password, new: body.new_password)
            return .rawJSON(#"{"status":"password_changed"}"#)
        }
    }
}
