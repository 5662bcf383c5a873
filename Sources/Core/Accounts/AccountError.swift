/// What can go wrong in account flows, in domain terms; the API maps each to a stable error code.
public enum AccountError: Error, Equatable, Sendable {
    case invalidEmail
    case weakPassword(String)
    case adultRequired
    case termsNotAccepted(current: String)
    case invalidCredentials
    case invalidToken
    case unauthorized
    case emailUnverified
    case suspended
    case terminated
    case apiAccessRevoked
    case tooManyTokens(limit: Int)
    case notFound
    case throttled(retryAfter: Int)
    case alreadyExists
    case invalidState
}

extension AccountError: CustomStringConvertible {
    /// A sentence for people (API messages, operator CLI output); the stable code lives in the API mapping.
    public var description: String {
        switch self {
        case .invalidEmail: "That is not a valid email address."
        case .weakPassword(let reason): reason
        case .adultRequired: "You must confirm that you are at least 18 years old."
        case .termsNotAccepted(let current): "Accept the current Terms of Service (version \(current))."
        case .invalidCredentials: "The email or password is not correct."
        case .invalidToken: "This link is invalid, expired or already used."
        case .unauthorized: "Authentication is required."
        case .emailUnverified: "Confirm your email address first."
        case .suspended: "This account is suspended; contact support."
        case .terminated: "This account has been terminated."
        case .apiAccessRevoked: "API access has been revoked for this account."
        case .tooManyTokens(let limit): "An account can have at most \(limit) API tokens; revoke one first."
        case .notFound: "No such account or resource."
        case .throttled(let seconds): "Too many attempts; retry after \(seconds) seconds."
        case .alreadyExists: "An account with this email already exists."
        case .invalidState: "The account is not in a state that allows this."
        }
    }
}
