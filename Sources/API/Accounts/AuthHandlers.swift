import Core
import HTTP

/// `/api/v1/auth/…`: register, verify, login, logout, password reset. Unauthenticated endpoints are
/// budgeted per client IP; answers never tell whether an email is registered.
enum AuthHandlers {
    struct RegisterBody: JSONBody {
        static let allowedKeys: Set<String> = ["email", "password", "adult", "terms_version"]
        let email: String
        let password: String
        let adult: Bool
        let terms_version: String
    }

    struct TokenBody: JSONBody {
        static let allowedKeys: Set<String> = ["token"]
        let token: String
    }

    struct LoginBody: JSONBody {
        static let allowedKeys: Set<String> = ["email", "password"]
        let email: String
        let password: String
    }

    struct EmailBody: JSONBody {
        static let allowedKeys: Set<String> = ["email"]
        let email: String
    }

    struct ResetConfirmBody: JSONBody {
        static let allowedKeys: Set<String> = ["token", "password"]
        let token: String
        let password: String
    }

    static let verificationSent = #"{"status":"verification_sent"}"#

    static func register(_ env: AppEnvironment) -> Handler {
        { request in
            try RateLimits.chargeIP(env, request)
            let body = try request.decodeJSON(RegisterBody.self)
            try env.accounts.register(.init(email: body.email, password: body.password, adult: body.adult, termsVersion: body.terms_version))
            return .rawJSON(verificationSent, status: 202)
        }
    }

    static func verify(_ env: AppEnvironment) -> Handler {
        { request in
            try RateLimits.chargeIP(env, request)
            let body = try request.decodeJSON(TokenBody.self)
            let account = try env.accounts.verifyEmail(token: body.token)
            return try .json(MeHandlers.MeResponse(account, settings: env.accounts.settings, csrfToken: nil))
        }
    }

    static func resendVerification(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            try env.accounts.resendVerification(principal.account)
            return .rawJSON(principal.account.isEmailVerified ? #"{"status":"already_verified"}"# : verificationSent, status: 202)
        }
    }

    struct LoginResponse: Encodable {
        let csrf_token: String
        let user: MeHandlers.MeResponse
    }

    static func login(_ env: AppEnvironment) -> Handler {
        { request in
            try RateLimits.chargeIP(env, request)
            guard !Authenticator.isCrossSite(request) else { throw Authenticator.csrfFailed } // login CSRF
            let body = try request.decodeJSON(LoginBody.self)
            let result = try env.accounts.login(email: body.email, password: body.password, ipAddress: request.remoteAddress,
                                                userAgent: request.headers["user-agent"] ?? "")
            var response = try Response.json(LoginResponse(
                csrf_token: result.csrfToken,
                user: MeHandlers.MeResponse(result.account, settings: env.accounts.settings, csrfToken: nil)))
            response.headers.append(Cookies.set(result.sessionToken, maxAge: Int(env.accounts.settings.sessionMaxSeconds), secure: request.isSecure))
            return response
        }
    }

    static func logout(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            if let session = principal.session { try env.accounts.logout(session) }
            var response = Response.noContent()
            response.headers.append(Cookies.clear(secure: request.isSecure))
            return response
        }
    }

    static func requestReset(_ env: AppEnvironment) -> Handler {
        { request in
            try RateLimits.chargeIP(env, request)
            let body = try request.decodeJSON(EmailBody.self)
            try env.accounts.requestPasswordReset(email: body.email)
            return .rawJSON(#"{"status":"reset_sent_if_registered"}"#, status: 202)
        }
    }

    static func confirmReset(_ env: AppEnvironment) -> Handler {
        { request in
            try RateLimits.chargeIP(env, request)
            let body = try request.decodeJSON(ResetConfirmBody.self)
            try env.accounts.confirmPasswordReset(token: body.token, newPassword: body.password)
            return .rawJSON(#"{"status":"password_changed"}"#)
        }
    }
}
