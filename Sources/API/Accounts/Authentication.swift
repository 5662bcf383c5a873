import Core
import HTTP

/// Resolves who is calling: `Authorization: Bearer` (API tokens) or the session cookie, which on
/// unsafe methods also needs a matching `X-CSRF-Token` header and must not come cross-site.
/// Static functions that borrow the environment: an instance holding a copy of it cost every
/// authenticated request a retain and a release of each of its services.
enum Authenticator {
    static let unsafeMethods: Set<String> = ["POST", "PUT", "PATCH", "DELETE"]
    static let csrfFailed = HTTPError(status: 403, code: "csrf_failed", message: "Send the X-CSRF-Token header from login or /api/v1/me.")

    /// The caller, or 401; applies the per-caller request budget too.
    static func require(_ request: Request, _ environment: AppEnvironment) throws -> AccountService.Principal {
        let principal = try resolve(request, environment)
        try RateLimits.charge(environment, key: principalKey(principal), budget: RateLimits.perCaller(environment))
        return principal
    }

    static func resolve(_ request: Request, _ environment: AppEnvironment) throws -> AccountService.Principal {
        if let authorization = request.headers["authorization"] {
            guard authorization.hasPrefix("Bearer ") else { throw HTTPError.unauthorized }
            return try environment.accounts.authenticate(bearer: String(authorization.dropFirst(7)))
        }
        guard let token = Cookies.sessionToken(request) else { throw HTTPError.unauthorized }
        let principal = try environment.accounts.authenticate(sessionToken: token)
        if Authenticator.unsafeMethods.contains(request.method) {
            guard !Authenticator.isCrossSite(request),
                  let csrf = request.headers["x-csrf-token"], let session = principal.session,
                  environment.accounts.checkCSRF(csrf, session: session)
            else { throw Authenticator.csrfFailed }
        }
        return principal
    }

    /// Fetch Metadata says the request came from another site (security.md A3 "CSRF").
    static func isCrossSite(_ request: Request) -> Bool {
        request.headers["sec-fetch-site"] == "cross-site"
    }

    static func principalKey(_ principal: AccountService.Principal) -> String {
        switch principal.credential {
        case .token(let token): "token:" + token.id
        case .session: "account:" + principal.account.id
        }
    }
}

/// The session cookie: `__Host-sid` with `Secure` over HTTPS, plain `sid` on local HTTP; always
/// `HttpOnly` and `SameSite=Lax`, path `/`.
enum Cookies {
    static func name(secure: Bool) -> String { secure ? "__Host-sid" : "sid" }

    static func sessionToken(_ request: Request) -> String? {
        guard let header = request.headers["cookie"] else { return nil }
        let wanted = name(secure: request.isSecure) + "="
        for part in header.split(separator: ";") {
            let trimmed = part.drop { $0 == " " }
            if trimmed.hasPrefix(wanted) { return String(trimmed.dropFirst(wanted.count)) }
        }
        return nil
    }

    static func set(_ token: String, maxAge: Int, secure: Bool) -> (name: String, value: String) {
        ("Set-Cookie", "\(name(secure: secure))=\(token); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""))
    }

    static func clear(secure: Bool) -> (name: String, value: String) {
        set("", maxAge: 0, secure: secure)
    }
}
