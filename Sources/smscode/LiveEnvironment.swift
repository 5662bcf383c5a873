import API
import Core
import Crypto
import Store
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Wires the live implementations of every port from the configuration: the one place that knows
/// which database, hasher and content files production uses.
enum LiveEnvironment {
    static func accounts(_ config: Configuration, database: Database, clock: Clock = .live, random: RandomSource = .live) throws -> AccountService {
        var settings = AccountSettings()
        settings.baseURL = config.baseURL
        settings.sessionIdleSeconds = Double(config.sessionIdleSeconds)
        settings.sessionMaxSeconds = Double(config.sessionMaxSeconds)
        settings.currentTermsVersion = try termsVersion(config)
        let commonPasswords = try String(contentsOfFile: config.contentDirectory + "/data/common-passwords.txt", encoding: .utf8)
        return try AccountService(store: SQLiteAccountStore(database: database), hasher: Sodium.passwordHasher(), digest: Sodium.digest,
                                  clock: clock, random: random, policy: PasswordPolicy(commonPasswords: PasswordPolicy.parseList(commonPasswords)),
                                  settings: settings)
    }

    /// The current Terms of Service version, from `CONTENT_DIR/terms.md`'s front matter.
    static func termsVersion(_ config: Configuration) throws -> String {
        let path = config.contentDirectory + "/terms.md"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationErrorText("cannot read \(path); set SMSCODE_CONTENT_DIR to the Content folder")
        }
        guard let version = FrontMatter.parse(text).fields["version"], !version.isEmpty else {
            throw ValidationErrorText("\(path) has no 'version' in its front matter")
        }
        return version
    }

    static func environment(_ config: Configuration, database: Database) throws -> AppEnvironment {
        AppEnvironment(clock: .live, random: .live, database: DatabaseProbe.live(database).cached(maxAge: 1, clock: .live),
                       accounts: try accounts(config, database: database))
    }
}
