/// One setting: its name (the environment variable is `SMSCODE_` + name), default and meaning.
public struct Setting: Sendable {
    public let name: String
    public let defaultValue: String
    public let help: String
}

/// All configuration, from one file plus `SMSCODE_<NAME>` environment variables (the environment wins),
/// validated at start so a typo fails loudly instead of silently using a default.
///
/// The file is `NAME = value` lines with `#` comments; `smscode config example` prints a documented
/// file with every setting and its default.
public struct Configuration: Sendable {
    public static let settings: [Setting] = [
        Setting(name: "DATA_DIR", defaultValue: "var",
                help: "Folder for the database, mail outbox, logs and the FastCGI socket."),
        Setting(name: "LISTEN", defaultValue: "",
                help: "FastCGI listen address: an absolute unix socket path or 127.0.0.1:PORT. Empty means DATA_DIR/run/smscode.sock."),
        Setting(name: "FCGI_THREADS", defaultValue: "8",
                help: "Worker threads; one per CPU accepts and runs requests at a time, the others take over while one waits (long polls, writes). Idle connections nginx keeps alive hold none."),
        Setting(name: "MAX_BODY", defaultValue: "65536",
                help: "Largest request body in bytes; larger ones get 413 without being read."),
        Setting(name: "READ_CONNECTIONS", defaultValue: "4",
                help: "Shared SQLite read-only connections, for background jobs and commands; every FastCGI thread has one of its own besides."),
        Setting(name: "LOG_LEVEL", defaultValue: "info",
                help: "trace, debug, info, notice, warning, error or critical."),
        Setting(name: "DRAIN_SECONDS", defaultValue: "10",
                help: "On SIGTERM, how long in-flight requests may take to finish before the process exits anyway."),
        Setting(name: "CONTENT_DIR", defaultValue: "Content",
                help: "The Content/ folder: Terms of Service (its front matter gives the current terms version) and data files."),
        Setting(name: "BASE_URL", defaultValue: "http://127.0.0.1:8080",
                help: "The public address of the site; links in mails point here."),
        Setting(name: "SESSION_IDLE", defaultValue: "1800",
                help: "Seconds a dashboard session may sit idle before it ends (server side)."),
        Setting(name: "SESSION_MAX", defaultValue: "43200",
                help: "Seconds a dashboard session lasts at most, however active."),
        Setting(name: "MAIL_TRANSPORT", defaultValue: "file",
                help: "How the outbox delivers mail: 'file' writes .eml files under DATA_DIR/mail, 'sendmail' pipes to sendmail -t."),
        Setting(name: "CALLER_RATE", defaultValue: "20",
                help: "Requests per second one API token or account may make (bursts of twice that); 429 with Retry-After above it."),
        Setting(name: "RENTAL_WINDOW", defaultValue: "1200",
                help: "Seconds a rental lasts; without an SMS by then it expires and is refunded."),
        Setting(name: "CANCEL_HOLD", defaultValue: "120",
                help: "Seconds before a pending order may be cancelled."),
        Setting(name: "MAX_ACTIVE_ORDERS", defaultValue: "20",
                help: "Orders one account may have pending or receiving at once."),
        Setting(name: "SIM_SMS_DELAY", defaultValue: "5-40",
                help: "Seconds until the simulated provider delivers an SMS, as MIN-MAX."),
        Setting(name: "SIM_NO_SMS_RATE", defaultValue: "0.25",
                help: "Share (0-1) of simulated orders that never get an SMS, so refunds are exercised."),
        Setting(name: "SITE_SOURCE", defaultValue: ".",
                help: "Folder holding Templates/ and Content/ for the static site build."),
        Setting(name: "SITE_OUTPUT", defaultValue: "",
                help: "Where the static site is published (nginx's root). When set, a catalog import that changes prices rebuilds it."),
        Setting(name: "PROVIDERS", defaultValue: "simulated",
                help: "Number providers, in the order they are tried: any of simulated, pool, upstream (comma-separated)."),
        Setting(name: "SIM_WINDOWS", defaultValue: "",
                help: "Rental windows of the simulated provider per service, e.g. '*=1200,wa=900' (empty: RENTAL_WINDOW)."),
        Setting(name: "POOL_WINDOWS", defaultValue: "",
                help: "Rental windows of the own pool per service, as SIM_WINDOWS."),
        Setting(name: "POOL_INBOUND_SECRET", defaultValue: "",
                help: "HMAC secret the own pool's SMS gateway signs POST /api/v1/inbound/sms with (secret: environment only)."),
        Setting(name: "UPSTREAM_URL", defaultValue: "",
                help: "The upstream's SMS-Activate-protocol endpoint, ending in /stubs/handler_api.php."),
        Setting(name: "UPSTREAM_API_KEY", defaultValue: "",
                help: "The upstream's API key (secret: environment only)."),
        Setting(name: "UPSTREAM_RATE", defaultValue: "1",
                help: "Rupiah per unit of the upstream's currency (1 for IDR); max prices sent upstream are converted with it."),
        Setting(name: "UPSTREAM_TIMEOUT", defaultValue: "10",
                help: "Seconds to wait for an upstream answer; past it the purchase fails with nothing charged."),
        Setting(name: "UPSTREAM_WINDOWS", defaultValue: "",
                help: "Rental windows of the upstream per service, as SIM_WINDOWS."),
        Setting(name: "DEPOSIT_MAX", defaultValue: "10000000",
                help: "Largest single deposit in whole rupiah (the smallest is Rp 10.000, Duitku's floor)."),
        Setting(name: "DEPOSIT_LIFETIME", defaultValue: "3600",
                help: "Seconds a pending deposit waits for payment before it expires (sent to the gateway too)."),
        Setting(name: "PAYMENT_CONFIRM", defaultValue: "true",
                help: "Confirm every paid callback through the gateway's status API before crediting (true/false)."),
        Setting(name: "PAYMENT_SANDBOX", defaultValue: "true",
                help: "Offer the built-in sandbox gateway. It only ever runs when BASE_URL is a loopback address."),
        Setting(name: "DUITKU_BASE_URL", defaultValue: "https://sandbox.duitku.com/webapi/api",
                help: "Duitku API base (production: https://passport.duitku.com/webapi/api)."),
        Setting(name: "DUITKU_MERCHANT_CODE", defaultValue: "DS00000",
                help: "Duitku project (merchant) code."),
        Setting(name: "DUITKU_API_KEY", defaultValue: "dev-duitku-api-key",
                help: "Duitku API key (secret: set it in the environment, not in this file)."),
        Setting(name: "DUITKU_SIGNATURE", defaultValue: "hmac-sha256",
                help: "Duitku signature scheme: hmac-sha256, or md5 (legacy; also accepts MD5-signed callbacks)."),
        Setting(name: "DUITKU_MD5_CALLBACKS", defaultValue: "true",
                help: "Also accept legacy MD5-signed Duitku callbacks (32 hex) beside HMAC ones; turn off once the sandbox shows HMAC."),
        Setting(name: "DUITKU_ALLOWED_IPS", defaultValue: "",
                help: "Comma-separated addresses Duitku callbacks may come from; empty accepts any (the signature is the gate)."),
        Setting(name: "HELEKET_BASE_URL", defaultValue: "https://api.heleket.com",
                help: "Heleket API base."),
        Setting(name: "HELEKET_MERCHANT", defaultValue: "dev-heleket-merchant",
                help: "Heleket merchant UUID."),
        Setting(name: "HELEKET_API_KEY", defaultValue: "dev-heleket-payment-key",
                help: "Heleket payment API key (secret: set it in the environment)."),
        Setting(name: "HELEKET_ALLOWED_IPS", defaultValue: "",
                help: "Comma-separated addresses Heleket webhooks may come from (Heleket: 31.133.220.8); empty accepts any."),
        // Compatibility APIs (issue 8).
        Setting(name: "UPSTREAM_WEBHOOK_SECRET", defaultValue: "",
                help: "Key of the HMAC-SHA256 signature (X-Signature, hex) an upstream provider puts on the SMS it pushes to POST /api/v1/inbound/upstream; at least 16 characters. Empty refuses every push (secret: set it in the environment)."),
    ]

    public private(set) var values: [String: String]

    /// Merges defaults, then the file, then the environment.
    public static func load(fileText: String?, environment: [String: String]) throws(ConfigurationError) -> Configuration {
        var values = Dictionary(uniqueKeysWithValues: settings.map { ($0.name, $0.defaultValue) })
        if let fileText {
            for (number, line) in fileText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let text = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                if text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
                let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw .malformedLine(number + 1) }
                let name = trim(parts[0]).uppercased()
                guard values[name] != nil else { throw .unknownSetting(name) }
                values[name] = trim(parts[1])
            }
        }
        for (key, value) in environment where key.hasPrefix("SMSCODE_") {
            let name = String(key.dropFirst("SMSCODE_".count))
            if values[name] != nil { values[name] = value }
        }
        let configuration = Configuration(values: values)
        try configuration.validate()
        return configuration
    }

    public static let defaults = Configuration(values: Dictionary(uniqueKeysWithValues: settings.map { ($0.name, $0.defaultValue) }))

    public subscript(name: String) -> String { values[name] ?? "" }

    public var dataDirectory: String { self["DATA_DIR"] }
    public var listenAddress: String {
        let listen = self["LISTEN"]
        return listen.isEmpty ? dataDirectory + "/run/smscode.sock" : listen
    }
    public var fcgiThreads: Int { Int(self["FCGI_THREADS"]) ?? 8 }
    public var maxBodyBytes: Int { Int(self["MAX_BODY"]) ?? 65536 }
    public var readConnections: Int { Int(self["READ_CONNECTIONS"]) ?? 4 }
    public var logLevel: String { self["LOG_LEVEL"] }
    public var drainSeconds: Int { Int(self["DRAIN_SECONDS"]) ?? 10 }
    public var contentDirectory: String { self["CONTENT_DIR"] }
    public var baseURL: String { self["BASE_URL"] }
    public var sessionIdleSeconds: Int { Int(self["SESSION_IDLE"]) ?? 1800 }
    public var sessionMaxSeconds: Int { Int(self["SESSION_MAX"]) ?? 43200 }
    public var mailTransport: String { self["MAIL_TRANSPORT"] }
    public var callerRate: Int { Int(self["CALLER_RATE"]) ?? 20 }
    public var rentalWindow: Int { Int(self["RENTAL_WINDOW"]) ?? 1200 }
    public var cancelHold: Int { Int(self["CANCEL_HOLD"]) ?? 120 }
    public var maxActiveOrders: Int { Int(self["MAX_ACTIVE_ORDERS"]) ?? 20 }
    public var simNoSMSRate: Double { Double(self["SIM_NO_SMS_RATE"]) ?? 0.25 }
    /// `MIN-MAX` seconds; validated at load.
    public var simSMSDelay: ClosedRange<Int> {
        let parts = self["SIM_SMS_DELAY"].split(separator: "-").compactMap { Int($0) }
        return parts.count == 2 && parts[0] <= parts[1] ? parts[0]...parts[1] : 5...40
    }
    public var providers: [String] { self["PROVIDERS"].split(separator: ",").map { $0.trimmingSpaces } }
    /// Per-service rental windows of a provider (`SIM`, `POOL`, `UPSTREAM`); validated at load.
    public func windows(_ provider: String) -> RentalWindows { RentalWindows.parse(self[provider + "_WINDOWS"]) ?? RentalWindows() }
    public var upstreamRate: Double { Double(self["UPSTREAM_RATE"]) ?? 1 }
    public var upstreamTimeout: Int { Int(self["UPSTREAM_TIMEOUT"]) ?? 10 }
    public var depositMaximum: Int64 { Int64(self["DEPOSIT_MAX"]) ?? 10_000_000 }
    public var depositLifetime: Int { Int(self["DEPOSIT_LIFETIME"]) ?? 3600 }
    public var paymentConfirm: Bool { self["PAYMENT_CONFIRM"] == "true" }
    /// The sandbox gateway runs only for a loopback site, so a production deployment can never take fake money.
    public var sandboxEnabled: Bool {
        self["PAYMENT_SANDBOX"] == "true" && ["http://127.0.0.1", "http://localhost", "http://[::1]"].contains { baseURL.hasPrefix($0) }
    }
    public var upstreamWebhookSecret: String { self["UPSTREAM_WEBHOOK_SECRET"] }
    public func addresses(_ name: String) -> Set<String> {
        Set(self[name].split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty })
    }

    func validate() throws(ConfigurationError) {
        try requireInt("FCGI_THREADS", in: 1...256)
        try requireInt("MAX_BODY", in: 1024...(64 << 20))
        try requireInt("READ_CONNECTIONS", in: 1...64)
        try requireInt("DRAIN_SECONDS", in: 0...600)
        try requireInt("SESSION_IDLE", in: 60...86400)
        try requireInt("SESSION_MAX", in: 300...(30 * 86400))
        guard let maximum = Int64(self["DEPOSIT_MAX"]), maximum >= 10_000 else { throw .invalidValue("DEPOSIT_MAX", self["DEPOSIT_MAX"]) }
        try requireInt("DEPOSIT_LIFETIME", in: 300...43200)
        try requireInt("CALLER_RATE", in: 1...1_000_000)
        try requireInt("RENTAL_WINDOW", in: 60...86400)
        try requireInt("CANCEL_HOLD", in: 0...3600)
        try requireInt("MAX_ACTIVE_ORDERS", in: 1...1000)
        guard let rate = Double(self["SIM_NO_SMS_RATE"]), (0...1).contains(rate) else { throw .invalidValue("SIM_NO_SMS_RATE", self["SIM_NO_SMS_RATE"]) }
        let delay = self["SIM_SMS_DELAY"].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard delay.count == 2, let low = delay[0], let high = delay[1], low >= 0, low <= high, high <= 3600 else {
            throw .invalidValue("SIM_SMS_DELAY", self["SIM_SMS_DELAY"])
        }
        let known = ["simulated", "pool", "upstream"]
        guard !providers.isEmpty, providers.allSatisfy(known.contains), Set(providers).count == providers.count else {
            throw .invalidValue("PROVIDERS", self["PROVIDERS"])
        }
        for name in ["SIM", "POOL", "UPSTREAM"] where RentalWindows.parse(self[name + "_WINDOWS"]) == nil {
            throw .invalidValue(name + "_WINDOWS", self[name + "_WINDOWS"])
        }
        if providers.contains("pool") && self["POOL_INBOUND_SECRET"].utf8.count < 16 {
            throw .invalidValue("POOL_INBOUND_SECRET", "(at least 16 characters when PROVIDERS lists pool)")
        }
        if providers.contains("upstream") {
            let url = self["UPSTREAM_URL"]
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw .invalidValue("UPSTREAM_URL", url) }
            guard !self["UPSTREAM_API_KEY"].isEmpty else { throw .invalidValue("UPSTREAM_API_KEY", "(required when PROVIDERS lists upstream)") }
        }
        guard let rate = Double(self["UPSTREAM_RATE"]), rate > 0, rate < 1_000_000 else { throw .invalidValue("UPSTREAM_RATE", self["UPSTREAM_RATE"]) }
        try requireInt("UPSTREAM_TIMEOUT", in: 1...60)
        for flag in ["PAYMENT_CONFIRM", "PAYMENT_SANDBOX", "DUITKU_MD5_CALLBACKS"] where !["true", "false"].contains(self[flag]) {
            throw .invalidValue(flag, self[flag])
        }
        guard ["hmac-sha256", "md5"].contains(self["DUITKU_SIGNATURE"]) else { throw .invalidValue("DUITKU_SIGNATURE", self["DUITKU_SIGNATURE"]) }
        guard ["file", "sendmail"].contains(mailTransport) else { throw .invalidValue("MAIL_TRANSPORT", mailTransport) }
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else { throw .invalidValue("BASE_URL", baseURL) }
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        guard levels.contains(logLevel) else { throw .invalidValue("LOG_LEVEL", logLevel) }
        guard !dataDirectory.isEmpty else { throw .invalidValue("DATA_DIR", "") }
        if !upstreamWebhookSecret.isEmpty && upstreamWebhookSecret.utf8.count < 16 {
            throw .invalidValue("UPSTREAM_WEBHOOK_SECRET", "(shorter than 16 characters)")
        }
        let listen = self["LISTEN"]
        if !listen.isEmpty && !listen.hasPrefix("/") && !listen.hasPrefix("127.0.0.1:") {
            throw .invalidValue("LISTEN", listen)
        }
    }

    private func requireInt(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) {
        guard let value = Int(self[name]), range.contains(value) else { throw .invalidValue(name, self[name]) }
    }

    /// A configuration file documenting every setting with its default, for `smscode config example`.
    public static func exampleFile() -> String {
        var out = "# SMSCode configuration. Every setting can be overridden by the environment variable SMSCODE_<NAME>.\n"
        out += "# Secrets belong in the environment (or a file readable only by the service), not in version control.\n"
        for setting in settings {
            out += "\n# \(setting.help)\n# \(setting.name) = \(setting.defaultValue)\n"
        }
        return out
    }

    private static func trim(_ text: Substring) -> String {
        String(text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
    }
}

public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case malformedLine(Int)
    case unknownSetting(String)
    case invalidValue(String, String)

    public var description: String {
        switch self {
        case .malformedLine(let line): "configuration line \(line) is not NAME = value"
        case .unknownSetting(let name): "unknown setting \(name)"
        case .invalidValue(let name, let value): "invalid value '\(value)' for \(name)"
        }
    }
}
