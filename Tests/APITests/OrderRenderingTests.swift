@testable import API
import Core
import Foundation
import HTTP
import Testing

/// The hand-rendered order JSON is byte-for-byte what the generic encoder writes, for every state,
/// with and without a code, and with text that needs escaping.
@Suite struct OrderRenderingTests {
    static func order(state: OrderState, code: String?, refunded: Bool, operator op: String = "any", phone: String = "+6281234567890") -> Order {
        Order(id: 9_007_199_254_740_993, accountID: "a1", service: "tg", country: "ID", operator: op, provider: "simulated", providerOrderID: "SIM-1",
              phone: phone, price: 12_300, state: state, createdAt: Date(timeIntervalSince1970: 1_795_780_800),
              expiresAt: Date(timeIntervalSince1970: 1_795_782_000), refunded: refunded, code: code)
    }

    @Test(arguments: OrderState.allCases)
    func renderedEqualsTheEncoder(state: OrderState) throws {
        for (code, op) in [(nil, "any"), ("112648", "telkomsel"), ("G-12\"3\\4\n", "op\u{1}x")] as [(String?, String)] {
            let response = OrderHandlers.OrderResponse(order: Self.order(state: state, code: code, refunded: state == .expired, operator: op))
            let encoded = String(decoding: try JSONCoding.encoder.encode(response), as: UTF8.self)
            #expect(response.rendered == encoded)
        }
    }

    /// A purchase no provider could serve has no number: `phone` is null in both renderings.
    @Test func aFailedPurchaseHasANullPhone() throws {
        let response = OrderHandlers.OrderResponse(order: Self.order(state: .failed, code: nil, refunded: true, phone: ""))
        let encoded = String(decoding: try JSONCoding.encoder.encode(response), as: UTF8.self)
        #expect(response.rendered == encoded)
        #expect(response.rendered.contains(#""phone":null"#))
    }
}
