import Core
import HTTP

/// The life of an activation: setStatus, getStatus, getStatusV2, getFullSms and getActiveActivations, each
/// one RentalService call (cancel, finish, resend) or read.
enum SMSActivateActivations {
    /// setStatus: 1 → `ACCESS_READY` (a hint, nothing changes), 3 → another SMS (`ACCESS_RETRY_GET`),
    /// 6 → finish (`ACCESS_ACTIVATION`), 8 and legacy -1 → cancel with refund (`ACCESS_CANCEL`; refused
    /// with `EARLY_CANCEL_DENIED` during the cancel hold). Anything not allowed now is `BAD_STATUS`.
    static func setStatus(_ call: SMSActivateCall) throws -> Response {
        let order = try call.order()
        let rentals = call.env.rentals
        switch call.parameters.text("status") {
        case "1":
            return CompatResponse.text(order.state.isFinal ? "BAD_STATUS" : "ACCESS_READY")
        case "3":
            let before = try rentals.messages(orderID: order.id, accountID: call.accountID).count
            let after = try rentals.resend(id: order.id, accountID: call.accountID)
            guard after.state == .received else { return CompatResponse.text("BAD_STATUS") }
            call.retries.mark(order.id, messageCount: before)
            return CompatResponse.text("ACCESS_RETRY_GET")
        case "6":
            let after = try rentals.finish(id: order.id, accountID: call.accountID)
            call.retries.clear(order.id)
            return CompatResponse.text(after.state == .finished ? "ACCESS_ACTIVATION" : "BAD_STATUS")
        case "8", "-1":
            // The native cancel budget, shared with POST /api/v1/orders/{id}/cancel.
            try RateLimits.charge(call.env, key: "account:" + call.accountID, budget: RateLimits.cancels)
            let after = try rentals.cancel(id: order.id, accountID: call.accountID)
            return CompatResponse.text(after.refunded ? "ACCESS_CANCEL" : "BAD_STATUS")
        default:
            return CompatResponse.text("BAD_STATUS")
        }
    }

    static func status(_ call: SMSActivateCall) throws -> Response {
        let view = try ActivationView(call)
        return CompatResponse.text(SMSActivateAnswers.status(view.order, last: view.last, waitingForRetry: view.waitingForRetry))
    }

    static func statusV2(_ call: SMSActivateCall) throws -> Response {
        let view = try ActivationView(call)
        guard let json = SMSActivateAnswers.statusV2(view.order, last: view.last, waitingForRetry: view.waitingForRetry) else {
            return CompatResponse.text("STATUS_CANCEL")
        }
        return CompatResponse.json(json)
    }

    static func fullSMS(_ call: SMSActivateCall) throws -> Response {
        let view = try ActivationView(call)
        return CompatResponse.text(SMSActivateAnswers.fullSMS(view.order, last: view.last, waitingForRetry: view.waitingForRetry))
    }

    /// `{"status":"success","activeActivations":[…]}` for the caller's pending and receiving orders, oldest
    /// first; `NO_ACTIVATIONS` when there are none.
    static func active(_ call: SMSActivateCall) throws -> Response {
        let rentals = call.env.rentals
        let limit = rentals.maxActiveOrders + 1
        let orders = (try rentals.orders(accountID: call.accountID, state: .pending, before: nil, limit: limit)
            + rentals.orders(accountID: call.accountID, state: .received, before: nil, limit: limit)).sorted { $0.id < $1.id }
        guard !orders.isEmpty else { return CompatResponse.json(SMSActivateAnswers.jsonError("NO_ACTIVATIONS")) }
        let catalog = try CompatCatalog.load(call.env)
        let rows = try orders.map { order in
            let messages = order.state == .pending ? [] : try rentals.messages(orderID: order.id, accountID: call.accountID)
            let waiting = call.retries.mark(of: order.id).map { messages.count <= $0 } ?? false
            return SMSActivateAnswers.activeRow(order, messages: messages, country: catalog.country(iso: order.country), waitingForRetry: waiting)
        }
        return CompatResponse.json(.object([("status", .string("success")), ("activeActivations", .array(rows))]))
    }
}

/// An activation as getStatus and its siblings see it: the order (settled first if its window passed),
/// its newest message, and whether another SMS was asked for and has not come yet.
struct ActivationView {
    let order: Order
    let last: SMSMessage?
    let waitingForRetry: Bool

    init(_ call: SMSActivateCall) throws {
        order = try call.order()
        guard order.state == .received || order.state == .finished else {
            call.retries.clear(order.id)
            last = nil
            waitingForRetry = false
            return
        }
        let messages = try call.env.rentals.messages(orderID: order.id, accountID: call.accountID)
        last = messages.last
        if let marked = call.retries.mark(of: order.id) {
            waitingForRetry = order.state == .received && messages.count <= marked
            if !waitingForRetry { call.retries.clear(order.id) }
        } else {
            waitingForRetry = false
        }
    }
}
