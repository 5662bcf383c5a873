import Core
import HTTP

/// Gateway callbacks: `POST /api/v1/payments/duitku/callback` (form), `/heleket/webhook` (JSON) and
/// `/sandbox/callback`. No session, no CSRF: the gateway's signature over the raw bytes is the gate.
/// Unauthenticated → 400 and nothing changes; authenticated duplicates → 200 and nothing changes.
enum CallbackHandlers {
    static func handler(_ env: AppEnvironment, gateway: PaymentGateway) -> Handler {
        { request in
            if let allowed = env.money.allowedCallbackAddresses[gateway], !allowed.isEmpty, !allowed.contains(request.remoteAddress) {
                throw HTTPError(status: 403, code: "forbidden", message: "Callbacks are not accepted from this address.")
            }
            let answer = try env.money.handleCallback(gateway: gateway, body: request.body,
                                                      contentType: request.headers["content-type"] ?? "",
                                                      remoteAddress: request.remoteAddress)
            return Response(status: answer.status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(answer.body.utf8))
        }
    }
}
