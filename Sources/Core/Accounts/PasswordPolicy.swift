/// What a new password must be (ASVS 6.2): at least 10 characters, at most 128, not one of the
/// common passwords, not the email's own name. No composition rules, no truncation, no case folding.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 10
    public static let maximumLength = 128
    public let commonPasswords: Set<String>

    public init(commonPasswords: Set<String>) {
        self.commonPasswords = commonPasswords
    }

    /// Parses the shipped list (`Content/data/common-passwords.txt`): one per line, `#` comments.
    public static func parseList(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").map { $0.lowercased() }.filter { !$0.hasPrefix("#") && !$0.isEmpty })
    }

    public func check(_ password: String, email: EmailAddress?) throws(AccountError) {
        let length = password.unicodeScalars.count // code points, as JSON Schema's minLength/maxLength count
        guard length >= PasswordPolicy.minimumLength else { throw .weakPassword("Use at least \(PasswordPolicy.minimumLength) characters.") }
        guard length <= PasswordPolicy.maximumLength else { throw .weakPassword("Use at most \(PasswordPolicy.maximumLength) characters.") }
        let lowered = password.lowercased()
        guard !commonPasswords.contains(lowered) else { throw .weakPassword("This password is too common; choose another.") }
        if let email, let local = email.normalized.split(separator: "@").first, lowered.contains(local), local.count >= 4 {
            throw .weakPassword("The password must not contain your email name.")
        }
        guard Set(password).count >= 3 else { throw .weakPassword("This password is too easy to guess; choose another.") }
    }
}
