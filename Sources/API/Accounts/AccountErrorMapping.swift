import Core
import HTTP

extension AccountError {
    /// The one mapping from account rules to the API's stable error codes (API.md "Error codes");
    /// the message is the error's own description.
    var httpError: HTTPError {
        switch self {
        case .invalidEmail: HTTPError(status: 400, code: "invalid_request", message: description)
        case .weakPassword: HTTPError(status: 400, code: "weak_password", message: description)
        case .adultRequired: HTTPError(status: 400, code: "adult_required", message: description)
        case .termsNotAccepted: HTTPError(status: 400, code: "terms_not_accepted", message: description)
        case .invalidCredentials: HTTPError(status: 401, code: "invalid_credentials", message: description)
        case .invalidToken: HTTPError(status: 400, code: "invalid_token", message: description)
        case .unauthorized: .unauthorized
        case .emailUnverified: HTTPError(status: 403, code: "email_unverified", message: description)
        case .suspended: HTTPError(status: 403, code: "account_suspended", message: description)
        case .terminated: HTTPError(status: 403, code: "account_terminated", message: description)
        case .apiAccessRevoked: HTTPError(status: 403, code: "api_access_revoked", message: description)
        case .tooManyTokens: HTTPError(status: 409, code: "too_many_tokens", message: description)
        case .notFound: .notFound()
        case .throttled(let seconds): .rateLimited(retryAfter: seconds)
        case .alreadyExists: HTTPError(status: 409, code: "already_exists", message: description)
        case .invalidState: HTTPError(status: 409, code: "invalid_state", message: description)
        }
    }
}

extension LifecycleError {
    /// Self-deletion refusals (issue 7): both are conflicts with the account's current state.
    var httpError: HTTPError {
        switch self {
        case .deletionBlocked: HTTPError(status: 409, code: "deletion_blocked", message: description)
        case .forfeitMismatch: HTTPError(status: 409, code: "forfeit_amount_mismatch", message: description)
        }
    }
}
