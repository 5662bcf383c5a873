import ArgumentParser
import Core

/// `smscode config example|show`: the documented configuration file, and the values in force.
struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Configuration commands.", subcommands: [Example.self, Show.self, PasswordCost.self])

    struct Example: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a configuration file documenting every setting and its default.")
        func run() { print(Configuration.exampleFile(), terminator: "") }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the settings in force (file + environment).")
        @OptionGroup var options: CommonOptions
        func run() throws {
            let config = try options.load()
            for setting in Configuration.settings { print("\(setting.name) = \(config[setting.name])") }
        }
    }
}
