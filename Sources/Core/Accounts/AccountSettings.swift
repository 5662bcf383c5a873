/// The knobs of the account flows, from configuration.
public struct AccountSettings: Sendable {
    /// Idle and absolute session lifetimes (ASVS 4.0.3 3.3.2: 30 min idle, 12 h absolute).
    public var sessionIdleSeconds: Double = 1800
    public var sessionMaxSeconds: Double = 43200
    public var verifyLinkSeconds: Double = 86400
    public var resetLinkSeconds: Double = 1800
    /// Least time between two verification or reset mails for one account.
    public var mailIntervalSeconds: Double = 60
    public var maxTokensPerAccount = 20
    /// Where links in mails point (the public site).
    public var baseURL = "http://127.0.0.1:8080"
    /// The Terms of Service version users must accept (from the ToS content's front matter).
    public var currentTermsVersion = ""

    public init() {}
}
