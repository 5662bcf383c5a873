import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads the configuration file and the process environment into a validated `Configuration`.
enum ConfigurationLoader {
    static func load(dataDirectory: String?, configFile: String?) throws -> Configuration {
        var environment = ProcessInfo.processInfo.environment
        if let dataDirectory { environment["SMSCODE_DATA_DIR"] = dataDirectory }
        let dataDir = environment["SMSCODE_DATA_DIR"] ?? Configuration.defaults.dataDirectory
        let explicitFile = configFile ?? environment["SMSCODE_CONFIG"]
        let path = explicitFile ?? dataDir + "/smscode.conf"
        var fileText: String?
        if FileManager.default.fileExists(atPath: path) {
            fileText = try String(contentsOfFile: path, encoding: .utf8)
        } else if explicitFile != nil {
            throw ValidationErrorText("configuration file \(path) does not exist")
        }
        do {
            return try Configuration.load(fileText: fileText, environment: environment)
        } catch {
            throw ValidationErrorText("\(path): \(error)")
        }
    }
}

/// An error whose text is shown to the operator as it is.
struct ValidationErrorText: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
