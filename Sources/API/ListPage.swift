/// A page of a list answer: `{"items": [...], "next_cursor": "…" | null}` (API.md "Lists").
/// Encoded by hand because synthesized `Encodable` leaves out a nil `next_cursor` instead of writing null.
struct ListPage<Item: Encodable>: Encodable {
    let items: [Item]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor) // writes null when nil
    }
}
