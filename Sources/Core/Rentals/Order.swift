#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The life of a rental (DESIGN.md Domain sketch): `pending` (number leased, waiting) → `received`
/// (≥ 1 SMS; non-refundable) → `finished`; or `pending` → `canceled` | `expired` | `failed`, each refunded.
public enum OrderState: String, Sendable, Codable, CaseIterable {
    case pending, received, finished, canceled, expired, failed

    /// Settled orders never change again.
    public var isFinal: Bool { self != .pending && self != .received }
}

/// Something that happens to an order.
public enum OrderEvent: Sendable, Equatable {
    case smsArrived(at: Date)
    case cancelRequested(at: Date)
    case finishRequested(at: Date)
    case resendRequested(at: Date)
    /// The provider or our system failed the order (upstream error, garbage answer, timeout).
    case failed(at: Date)
    /// Time passed: the sweeper, or a request that reads the order.
    case clock(now: Date)
}

/// What an event does to an order.
public enum OrderTransition: Sendable, Equatable {
    /// Nothing changes (e.g. an SMS for an order that already expired: it is not shown).
    case unchanged
    /// Another SMS for a received order: stored and shown, the state stays.
    case keepReceiving
    /// Ask the provider for another SMS; the state stays.
    case resend
    /// Move to `state`; `refund` says whether the price goes back to the balance (exactly once).
    case settle(OrderState, refund: Bool)
}

public enum OrderRuleError: Error, Equatable, Sendable {
    /// Cancelling is allowed only after the minimum hold (ToS: numbers are leased from providers that
    /// charge us on lease); `retryAfter` is how long until it is.
    case earlyCancelDenied(retryAfter: Int)
    /// An order that received an SMS is fulfilled and non-refundable (ToS §4).
    case notCancelable
    case notFinishable
    case notResendable
}

/// The rental windows, per provider/service from configuration.
public struct OrderPolicy: Sendable, Equatable {
    /// Seconds a rental lasts (SMSCODE_RENTAL_WINDOW, default 20 minutes).
    public var rentalWindow: TimeInterval = 1200
    /// Seconds before a pending order may be cancelled (SMSCODE_CANCEL_HOLD, default 2 minutes).
    public var cancelHold: TimeInterval = 120

    public init(rentalWindow: TimeInterval = 1200, cancelHold: TimeInterval = 120) {
        self.rentalWindow = rentalWindow
        self.cancelHold = cancelHold
    }

    /// The one place the lifecycle rules live: what `event` does to an order in `state`, created at
    /// `createdAt` and expiring at `expiresAt`. The store applies the answer with a conditional update,
    /// so whoever comes second (an SMS racing the expiry, two sweepers) finds the order settled and
    /// changes nothing: exactly one outcome.
    public func transition(state: OrderState, createdAt: Date, expiresAt: Date, event: OrderEvent) throws(OrderRuleError) -> OrderTransition {
        if state.isFinal {
            switch event {
            case .cancelRequested: throw .notCancelable
            case .finishRequested: throw .notFinishable
            case .resendRequested: throw .notResendable
            default: return .unchanged
            }
        }
        switch (state, event) {
        case (.pending, .smsArrived(let at)):
            return at < expiresAt ? .settle(.received, refund: false) : .settle(.expired, refund: true)
        case (.received, .smsArrived(let at)):
            return at < expiresAt ? .keepReceiving : .settle(.finished, refund: false)
        case (.pending, .cancelRequested(let at)):
            if at >= expiresAt { return .settle(.expired, refund: true) }
            let allowedAt = createdAt.addingTimeInterval(cancelHold)
            guard at >= allowedAt else { throw .earlyCancelDenied(retryAfter: max(1, Int(allowedAt.timeIntervalSince(at).rounded(.up)))) }
            return .settle(.canceled, refund: true)
        case (.received, .cancelRequested):
            throw .notCancelable
        case (.received, .finishRequested):
            return .settle(.finished, refund: false)
        case (.pending, .finishRequested(let at)):
            if at >= expiresAt { return .settle(.expired, refund: true) }
            throw .notFinishable
        case (.received, .resendRequested(let at)):
            guard at < expiresAt else { return .settle(.finished, refund: false) }
            return .resend
        case (.pending, .resendRequested):
            throw .notResendable
        case (.pending, .failed):
            return .settle(.failed, refund: true)
        case (.received, .failed):
            return .unchanged // the user already has a code: fulfilled, nothing to refund
        case (.pending, .clock(let now)):
            return now >= expiresAt ? .settle(.expired, refund: true) : .unchanged
        case (.received, .clock(let now)):
            return now >= expiresAt ? .settle(.finished, refund: false) : .unchanged
        default:
            return .unchanged
        }
    }
}
