import Core
import Foundation
import Testing

@Suite struct OrderPolicyTests {
    let policy = OrderPolicy()
    let created = Date(timeIntervalSince1970: 1_800_000_000)
    var expires: Date { created.addingTimeInterval(1200) }

    func at(_ seconds: TimeInterval) -> Date { created.addingTimeInterval(seconds) }

    func apply(_ state: OrderState, _ event: OrderEvent) throws -> OrderTransition {
        try policy.transition(state: state, createdAt: created, expiresAt: expires, event: event)
    }

    @Test func anSMSInTimeMakesTheOrderReceivedAndNonRefundable() throws {
        #expect(try apply(.pending, .smsArrived(at: at(30))) == .settle(.received, refund: false))
        #expect(try apply(.received, .smsArrived(at: at(60))) == .keepReceiving)
        #expect(throws: OrderRuleError.notCancelable) { try apply(.received, .cancelRequested(at: at(300))) }
        #expect(try apply(.received, .finishRequested(at: at(300))) == .settle(.finished, refund: false))
        #expect(try apply(.received, .clock(now: at(1200))) == .settle(.finished, refund: false))
    }

    @Test func withoutAnSMSTheWindowEndsInARefund() throws {
        #expect(try apply(.pending, .clock(now: at(1199))) == .unchanged)
        #expect(try apply(.pending, .clock(now: at(1200))) == .settle(.expired, refund: true))
        // An SMS that comes after the window lost the race: refunded, and no code is shown.
        #expect(try apply(.pending, .smsArrived(at: at(1200))) == .settle(.expired, refund: true))
        #expect(try apply(.expired, .smsArrived(at: at(1201))) == .unchanged)
    }

    @Test func cancellingNeedsTheMinimumHold() throws {
        #expect(throws: OrderRuleError.earlyCancelDenied(retryAfter: 90)) { try apply(.pending, .cancelRequested(at: at(30))) }
        #expect(try apply(.pending, .cancelRequested(at: at(120))) == .settle(.canceled, refund: true))
        #expect(try OrderPolicy(cancelHold: 0).transition(state: .pending, createdAt: created, expiresAt: expires,
                                                          event: .cancelRequested(at: at(1))) == .settle(.canceled, refund: true))
    }

    @Test func failuresRefundPendingOrdersOnly() throws {
        #expect(try apply(.pending, .failed(at: at(5))) == .settle(.failed, refund: true))
        #expect(try apply(.received, .failed(at: at(5))) == .unchanged)
    }

    @Test func resendIsForReceivedOrdersWithinTheWindow() throws {
        #expect(try apply(.received, .resendRequested(at: at(100))) == .resend)
        #expect(throws: OrderRuleError.notResendable) { try apply(.pending, .resendRequested(at: at(100))) }
        #expect(throws: OrderRuleError.notFinishable) { try apply(.pending, .finishRequested(at: at(100))) }
    }

    /// Settled orders never move again, whatever happens: settlement is exactly once.
    @Test(arguments: [OrderState.finished, .canceled, .expired, .failed])
    func finalStatesAreFinal(state: OrderState) throws {
        for event in [OrderEvent.smsArrived(at: at(10)), .failed(at: at(10)), .clock(now: at(5000))] {
            #expect(try apply(state, event) == .unchanged)
        }
        #expect(throws: OrderRuleError.notCancelable) { try apply(state, .cancelRequested(at: at(500))) }
    }
}
