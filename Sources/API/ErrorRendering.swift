import Core
import HTTP

/// Turns any error a handler throws into its HTTP answer: the one place domain errors meet status codes.
/// Returns nil for errors that are bugs (the boundary answers 500 and logs them).
enum ErrorRendering {
    static func httpError(for error: any Error) -> HTTPError? {
        switch error {
        case let error as HTTPError: error
        case let error as AccountError: error.httpError
        case let error as MoneyError: error.httpError
        case let error as GatewayError: error.httpError
        case let error as RentalError: error.httpError
        case let error as LifecycleError: error.httpError
        default: nil
        }
    }
}

extension MoneyError {
    var httpError: HTTPError {
        switch self {
        case .insufficientBalance: HTTPError(status: 402, code: "insufficient_balance", message: description)
        case .amountOutOfRange: HTTPError(status: 400, code: "deposit_amount_out_of_range", message: description)
        case .unknownGateway, .invalidAmount: HTTPError(status: 400, code: "invalid_request", message: description)
        case .gatewayRejected: HTTPError(status: 422, code: "payment_rejected", message: description)
        case .gatewayUnavailable: HTTPError(status: 503, code: "gateway_unavailable", message: description)
        case .idempotencyConflict: HTTPError(status: 422, code: "idempotency_conflict", message: description)
        case .idempotencyInProgress: HTTPError(status: 409, code: "idempotency_in_progress", message: description)
        case .notFound: .notFound(description)
        }
    }
}

extension GatewayError {
    var httpError: HTTPError {
        switch self {
        case .unauthenticated: HTTPError(status: 400, code: "invalid_signature", message: "The callback is not authenticated.")
        case .rejected(let message): HTTPError(status: 422, code: "payment_rejected", message: message)
        case .unavailable: HTTPError(status: 503, code: "gateway_unavailable", message: "The payment gateway is not reachable.")
        }
    }
}

extension RentalError {
    var httpError: HTTPError {
        switch self {
        case .unknownCountry(let code): HTTPError(status: 400, code: "invalid_request", message: "Unknown country '\(code)'.")
        case .unknownService(let code): HTTPError(status: 400, code: "invalid_request", message: "Unknown service '\(code)'.")
        case .noNumbers: HTTPError(status: 409, code: "no_numbers", message: "No numbers are available for this service and country right now.")
        case .providerUnavailable:
            HTTPError(status: 503, code: "provider_unavailable", message: "Our number providers did not answer; nothing was charged. Try again shortly.",
                      headers: [("Retry-After", "5")])
        case .providerFailed(let id):
            HTTPError(status: 503, code: "provider_unavailable",
                      message: "Our number providers did not answer. Order \(id) is recorded as failed and its price was refunded in full; try again shortly.",
                      headers: [("Retry-After", "5")])
        case .priceAboveMax(let price): HTTPError(status: 409, code: "price_above_max", message: "The price is Rp \(price), above your max_price.")
        case .tooManyActiveOrders(let limit): HTTPError(status: 409, code: "too_many_active_orders", message: "At most \(limit) orders may be active at once.")
        case .notFound: .notFound("No such order.")
        case .rule(.earlyCancelDenied(let seconds)):
            HTTPError(status: 409, code: "early_cancel_denied", message: "An order can be cancelled \(seconds) seconds from now.",
                      headers: [("Retry-After", String(seconds))])
        case .rule(.notCancelable): HTTPError(status: 409, code: "order_not_cancelable", message: "This order can no longer be cancelled.")
        case .rule(.notFinishable): HTTPError(status: 409, code: "order_not_finishable", message: "Only an order that received an SMS can be finished.")
        case .rule(.notResendable): HTTPError(status: 409, code: "order_not_resendable", message: "Another SMS can be asked for only after the first one, within the window.")
        }
    }
}
