import Core
import HTTP

/// The sandbox gateway's payment page (development and tests only; disabled in production). "Pay"
/// makes the server sign a sandbox callback and feed it through the very same verification and
/// crediting path as a real gateway's callback: no bypass.
enum SandboxHandlers {
    static func page(_ env: AppEnvironment) -> Handler {
        { request in
            let deposit = try sandboxDeposit(env, request)
            let amount = Rupiah.format(deposit.amount)
            let actions = deposit.state == .pending ? """
                <form method="post"><input type="hidden" name="outcome" value="paid"><button type="submit">Bayar / Pay \(amount)</button></form>
                <form method="post"><input type="hidden" name="outcome" value="failed"><button type="submit">Gagalkan / Fail</button></form>
                """ : "<p>Status: \(deposit.state.rawValue)</p>"
            return html("Sandbox payment \(deposit.id)", """
                <h1>Sandbox payment</h1>
                <p>Deposit <code>\(deposit.id)</code>: <strong>\(amount)</strong>. This page stands in for a bank or wallet; no real money moves.</p>
                \(actions)
                <p><a href="/">SMSCode</a></p>
                """)
        }
    }

    static func pay(_ env: AppEnvironment) -> Handler {
        { request in
            let deposit = try sandboxDeposit(env, request)
            guard let signer = env.money.sandboxSigner else { throw HTTPError.notFound() }
            let form = String(decoding: request.body, as: UTF8.self)
            let outcome: PaymentOutcome = form == "outcome=paid" ? .paid : form == "outcome=failed" ? .failed : .pending
            guard outcome != .pending else { throw HTTPError.invalidRequest("outcome must be paid or failed.") }
            let (body, contentType) = signer(deposit.id, deposit.amount, outcome)
            let answer = try env.money.handleCallback(gateway: .sandbox, body: body, contentType: contentType, remoteAddress: request.remoteAddress)
            return html("Sandbox payment \(deposit.id)", """
                <h1>Sandbox payment</h1>
                <p>The sandbox gateway sent its callback: <strong>\(answer.decision.rawValue)</strong>.</p>
                <p><a href="/">SMSCode</a></p>
                """)
        }
    }

    static func sandboxDeposit(_ env: AppEnvironment, _ request: Request) throws -> Deposit {
        guard env.money.sandboxSigner != nil,
              let deposit = try env.money.store.read({ try $0.deposit(id: request.pathParameters["id"] ?? "") }),
              deposit.gateway == .sandbox
        else { throw HTTPError.notFound("No sandbox payment with that id.") }
        return deposit
    }

    static func html(_ title: String, _ body: String) -> Response {
        let page = """
            <!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title><link rel="stylesheet" href="/assets/style.css"></head><body><main>\(body)</main></body></html>
            """
        return Response(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(page.utf8))
    }
}
