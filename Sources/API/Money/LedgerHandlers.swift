#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Core
import HTTP

/// `GET /api/v1/ledger`: every balance change of the caller, newest first, with cursor pagination.
enum LedgerHandlers {
    struct Item: Encodable {
        let id: String
        let kind: String
        let amount: Int64
        let balance_after: Int64
        let reference: String
        let memo: String
        let created_at: Date
    }

    static func list(_ env: AppEnvironment) -> Handler {
        { request in
            let principal = try Authenticator.require(request, env)
            let page = try Paging(request)
            let entries = try env.money.ledger(accountID: principal.account.id, before: try page.idCursor(), limit: page.limit + 1)
            let items = entries.prefix(page.limit).map {
                Item(id: String($0.id), kind: $0.kind.rawValue, amount: $0.amount, balance_after: $0.balanceAfter,
                     reference: $0.reference, memo: $0.memo, created_at: $0.createdAt)
            }
            return try .json(ListPage(items: Array(items), nextCursor: entries.count > page.limit ? items.last?.id : nil))
        }
    }
}

/// `?limit=` (default 50, max 200) and `?cursor=` (API.md "Lists").
struct Paging {
    let limit: Int
    let cursor: String?

    init(_ request: Request) throws {
        if let text = request.queryValue("limit") {
            guard let value = PlainNumber.parse(text).map(Int.init), (1...200).contains(value) else { throw HTTPError.invalidRequest("limit must be 1 to 200.") }
            limit = value
        } else {
            limit = 50
        }
        let cursor = request.queryValue("cursor")
        if let cursor, cursor.isEmpty || cursor.utf8.count > 200 { throw HTTPError.invalidRequest("Invalid cursor.") }
        self.cursor = cursor
    }

    /// The cursor of lists paged by a numeric id (ledger rows, orders): the last id of the previous page.
    func idCursor() throws -> Int64? {
        guard let cursor else { return nil }
        guard let id = PlainNumber.parse(cursor), id > 0 else { throw HTTPError.invalidRequest("Invalid cursor.") }
        return id
    }
}
