import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A number provider that buys from an upstream speaking the SMS-Activate protocol (HeroSMS, SMSBower,
/// Grizzly …; protocols.md §1.9). Every upstream answer maps to one of our outcomes; a timeout or a
/// garbage answer is `providerUnavailable` (nothing charged, the next provider is tried), never a crash.
public struct SMSActivateUpstream: Sendable {
    public struct Config: Sendable {
        /// The full `…/stubs/handler_api.php` address.
        public var endpoint: String
        public var apiKey: String
        /// Rupiah per unit of the upstream's currency (e.g. 1 for IDR, ~16,000 for USD): costs and
        /// `maxPrice` are converted with it so we never lease above what the user pays.
        public var rupiahPerUnit: Double
        public var windows: RentalWindows

        public init(endpoint: String, apiKey: String, rupiahPerUnit: Double, windows: RentalWindows = RentalWindows()) {
            self.endpoint = endpoint
            self.apiKey = apiKey
            self.rupiahPerUnit = rupiahPerUnit
            self.windows = windows
        }
    }

    public let name: String
    let config: Config
    let http: HTTPTransport
    /// SMS-Activate numeric country id → our ISO code (from the catalog), for the stock report.
    let countryForID: @Sendable (Int) -> String?

    public init(name: String = "upstream", config: Config, http: HTTPTransport, countryForID: @escaping @Sendable (Int) -> String?) {
        self.name = name
        self.config = config
        self.http = http
        self.countryForID = countryForID
    }

    public var provider: NumberProvider {
        NumberProvider(name: name, lease: { try lease($0) }, release: { release($0, $1) }, requestAnotherSMS: { try retry($0) },
                       windows: config.windows, status: { try status($0) }, stock: { try stock() })
    }

    func lease(_ request: LeaseRequest) throws(RentalError) -> Lease {
        var parameters = [("action", "getNumber"), ("service", request.service.code), ("country", String(request.country.smsActivateID))]
        if request.operator != "any" { parameters.append(("operator", request.operator)) }
        if let maxCost = request.maxCost { parameters.append(("maxPrice", Self.decimal(Double(maxCost) / config.rupiahPerUnit))) }
        switch try call(parameters) {
        case .token("ACCESS_NUMBER", let rest?):
            let parts = rest.split(separator: ":")
            guard parts.count == 2, !parts[0].isEmpty, parts[1].allSatisfy(\.isNumber), parts[1].count >= 6 else { throw .providerUnavailable }
            return Lease(providerOrderID: String(parts[0]), phone: "+" + parts[1])
        case .token("NO_NUMBERS", _), .token("WRONG_MAX_PRICE", _), .token("BAD_SERVICE", _), .token("BAD_COUNTRY", _),
             .token("WHATSAPP_NOT_AVAILABLE", _), .token("NO_YULA_MAIL", _):
            throw .noNumbers
        default:
            // NO_BALANCE (our upstream account is empty), BAD_KEY, BANNED, ERROR_SQL, garbage: not the user's fault.
            throw .providerUnavailable
        }
    }

    /// Ends the activation upstream: 6 when the user got what they paid for, 8 (cancel, upstream refunds
    /// us) otherwise. Best effort: the upstream expires unfinished activations by itself.
    func release(_ id: String, _ outcome: OrderState) {
        _ = try? call([("action", "setStatus"), ("id", id), ("status", outcome == .finished ? "6" : "8")])
    }

    func retry(_ id: String) throws(RentalError) {
        guard case .token("ACCESS_RETRY_GET", _) = try call([("action", "setStatus"), ("id", id), ("status", "3")]) else {
            throw .providerUnavailable
        }
    }

    func status(_ id: String) throws(RentalError) -> ProviderStatus {
        switch try call([("action", "getStatus"), ("id", id)]) {
        case .token("STATUS_WAIT_CODE", _), .token("STATUS_WAIT_RESEND", _), .token("STATUS_WAIT_RETRY", _):
            return .waiting
        case .token("STATUS_OK", let code):
            let code = code ?? ""
            // The full text when the upstream has it; the code alone otherwise (it is what the user needs).
            if case .token("FULL_SMS", let text?) = try? call([("action", "getFullSms"), ("id", id)]), !text.isEmpty {
                return .sms(text: text, code: code)
            }
            return .sms(text: code, code: code)
        case .token("STATUS_CANCEL", _), .token("ACCESS_CANCEL", _), .token("NO_ACTIVATION", _):
            return .canceled
        default:
            throw .providerUnavailable
        }
    }

    /// `getPrices` without filters: `{"<country id>": {"<service>": {"cost": …, "count": …}}}`.
    func stock() throws(RentalError) -> [StockLevel] {
        guard case .token("JSON", let json?) = try call([("action", "getPrices")]),
              let table = try? JSONDecoder().decode([String: [String: UpstreamPrice]].self, from: Data(json.utf8)) else {
            throw .providerUnavailable
        }
        var levels: [StockLevel] = []
        for (countryID, services) in table {
            guard let id = Int(countryID), let iso = countryForID(id) else { continue }
            for (service, price) in services {
                // Whole rupiah, rounded up: never under-price what the number costs us.
                let cost = price.cost.map { Int64(($0 * config.rupiahPerUnit).rounded(.up)) }
                levels.append(StockLevel(country: iso, service: service, count: price.count, cost: cost))
            }
        }
        return levels.sorted { ($0.country, $0.service) < ($1.country, $1.service) }
    }

    /// POSTs the parameters form-encoded (every SMS-Activate server accepts POST with a form body, and
    /// the key stays out of access logs that record query strings).
    func call(_ parameters: [(String, String)]) throws(RentalError) -> SMSActivateAnswer {
        let form = ([("api_key", config.apiKey)] + parameters).map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try http.post(config.endpoint, ["Content-Type": "application/x-www-form-urlencoded", "Accept": "text/plain, application/json"],
                                   Array(form.utf8))
        } catch {
            throw .providerUnavailable
        }
        let read = SMSActivateAnswer.read(status: answer.status, body: answer.body)
        if case .garbage = read { throw .providerUnavailable }
        return read
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    /// Two decimals, rounded down so the limit we send never exceeds what the user pays.
    static func decimal(_ value: Double) -> String {
        let cents = Int64((value * 100).rounded(.down))
        return "\(cents / 100).\(String(cents % 100).leftPadded(2))"
    }
}

/// One `getPrices` cell; upstreams send numbers or numeric strings.
struct UpstreamPrice: Decodable {
    var count: Int64
    /// In the upstream's currency.
    var cost: Double?

    enum Keys: String, CodingKey { case count, cost }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if let number = try? container.decode(Double.self, forKey: .cost) {
            cost = number
        } else if let text = try? container.decode(String.self, forKey: .cost) {
            cost = Double(text)
        }
        if let value = cost, !(value > 0 && value.isFinite) { cost = nil }
        if let number = try? container.decode(Int64.self, forKey: .count) {
            count = number
        } else if let number = try? container.decode(Double.self, forKey: .count) {
            count = Int64(number)
        } else if let text = try? container.decode(String.self, forKey: .count), let number = Int64(text) {
            count = number
        } else {
            count = 0
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
