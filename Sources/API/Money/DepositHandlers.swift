#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// `/api/v1/deposits`: top-ups. Only a verified gateway callback ever credits one (R4).
enum DepositHandlers {
    struct Payment: Encodable {
        let url: String?
        let va_number: String?
        let qr_string: String?
    }

    struct DepositResponse: Encodable {
        let id: String
        let amount: Int64
        let gateway: String
        let method: String?
        let status: String
        let payment: Payment
        let created_at: Date
        let expires_at: Date

        init(_ deposit: Deposit) {
            id = deposit.id
            amount = deposit.amount
            gateway = deposit.gateway.rawValue
            method = deposit.method
            status = deposit.state.rawValue
            payment = Payment(url: deposit.payment?.url, va_number: deposit.payment?.vaNumber, qr_string: deposit.payment?.qrString)
            created_at = deposit.createdAt
            expires_at = deposit.expiresAt
        }
    }

    struct CreateBody: JSONBody {
        static let allowedKeys: Set<String> = ["amount", "gateway", "method"]
        let amount: Int64
        let gateway: String
        let method: String?
    }

    static func create(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            try env.accounts.requireVerified(principal.account)
            return try Idempotency.run(env, request, accountID: principal.account.id, recover: { resource in
                // `deposit:<id>`: the deposit a process killed before answering had opened at the gateway.
                guard resource.hasPrefix("deposit:") else { throw HTTPError.internalError }
                return try .json(DepositResponse(try env.money.deposit(id: String(resource.dropFirst(8)), accountID: principal.account.id)), status: 201)
            }) { key in
                let body = try request.decodeJSON(CreateBody.self)
                if let method = body.method, !(1...8).contains(method.utf8.count) || !method.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }) {
                    throw HTTPError.invalidRequest("method must be a gateway payment method code such as VA, BC or SP.")
                }
                let deposit = try env.money.createDeposit(accountID: principal.account.id, email: principal.account.email,
                                                          amount: body.amount, gateway: body.gateway, method: body.method,
                                                          idempotencyKey: key)
                return try .json(DepositResponse(deposit), status: 201)
            }
        }
    }

    static func list(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let page = try Paging(request)
            if let cursor = page.cursor, !isDepositCursor(cursor) { throw HTTPError.invalidRequest("Invalid cursor.") }
            var state: DepositState?
            if let status = request.queryValue("status") {
                guard let parsed = DepositState(rawValue: status) else { throw HTTPError.invalidRequest("Unknown status '\(status)'.") }
                state = parsed
            }
            let deposits = try env.money.deposits(accountID: principal.account.id, state: state, before: page.cursor, limit: page.limit + 1)
            let next = deposits.count > page.limit ? deposits[page.limit - 1] : nil
            return try .json(ListPage(items: deposits.prefix(page.limit).map(DepositResponse.init),
                                      nextCursor: next.map { Timestamp.format($0.createdAt) + "|" + $0.id }))
        }
    }

    /// A cursor is `<created_at>|<deposit id>` as this endpoint handed it out: `2026-11-27T10:00:00Z|D` + 20 hex.
    static func isDepositCursor(_ cursor: String) -> Bool {
        let parts = cursor.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 20, parts[0].hasSuffix("Z"), parts[1].utf8.count == 21, parts[1].hasPrefix("D") else { return false }
        let timeShape = parts[0].utf8.enumerated().allSatisfy { index, byte in
            switch index {
            case 4, 7: byte == UInt8(ascii: "-")
            case 10: byte == UInt8(ascii: "T")
            case 13, 16: byte == UInt8(ascii: ":")
            case 19: byte == UInt8(ascii: "Z")
            default: byte >= 0x30 && byte <= 0x39
            }
        }
        return timeShape && parts[1].utf8.dropFirst().allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) }
    }

    static func show(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            return try .json(DepositResponse(try env.money.deposit(id: request.pathParameters["id"] ?? "", accountID: principal.account.id)))
        }
    }
}
