import Core
import HTTP

/// Every route, in one place. Each line names the handler file that serves it;
/// the OpenAPI document (`OpenAPIDocument.swift`) must describe exactly these outside `compatPrefixes` (a test checks).
enum Routes {
    static func make(_ environment: AppEnvironment) -> Router {
        var router = Router()
        router.get("/api/v1/health", Health.handler(environment))            // Health.swift
        router.get("/api/v1/openapi.json", OpenAPI.handler(environment))     // OpenAPI.swift
        router.get("/metrics", MetricsEndpoint.handler(environment))         // Health.swift (loopback only)

        router.post("/api/v1/auth/register", AuthHandlers.register(environment))                 // Accounts/AuthHandlers.swift
        router.post("/api/v1/auth/verify", AuthHandlers.verify(environment))
        router.post("/api/v1/auth/verify/resend", AuthHandlers.resendVerification(environment))
        router.post("/api/v1/auth/login", AuthHandlers.login(environment))
        router.post("/api/v1/auth/logout", AuthHandlers.logout(environment))
        router.post("/api/v1/auth/password-reset", AuthHandlers.requestReset(environment))
        router.post("/api/v1/auth/password-reset/confirm", AuthHandlers.confirmReset(environment))

        router.get("/api/v1/me", MeHandlers.me(environment))                                     // Accounts/MeHandlers.swift
        router.post("/api/v1/me/terms", MeHandlers.acceptTerms(environment))
        router.post("/api/v1/me/password", MeHandlers.changePassword(environment))

        router.get("/api/v1/sessions", SessionHandlers.list(environment))                       // Accounts/SessionHandlers.swift
        router.delete("/api/v1/sessions/{id}", SessionHandlers.end(environment))

        router.get("/api/v1/tokens", TokenHandlers.list(environment))                           // Accounts/TokenHandlers.swift
        router.post("/api/v1/tokens", TokenHandlers.create(environment))
        router.delete("/api/v1/tokens/{id}", TokenHandlers.revoke(environment))

        router.get("/api/v1/countries", CatalogHandlers.countries(environment))                  // Catalog/CatalogHandlers.swift
        router.get("/api/v1/services", CatalogHandlers.services(environment))
        router.get("/api/v1/prices", CatalogHandlers.prices(environment))

        let waiters = WaitGate(limit: max(1, environment.longPollSlots))
        router.post("/api/v1/orders", OrderHandlers.create(environment))                         // Rentals/OrderHandlers.swift
        router.get("/api/v1/orders", OrderHandlers.list(environment))
        router.get("/api/v1/orders/{id}", OrderHandlers.show(environment, waiters: waiters))
        router.post("/api/v1/orders/{id}/cancel", OrderHandlers.cancel(environment))
        router.post("/api/v1/orders/{id}/finish", OrderHandlers.action(environment) { try $0.finish(id: $1, accountID: $2) })
        router.post("/api/v1/orders/{id}/resend", OrderHandlers.action(environment) { try $0.resend(id: $1, accountID: $2) })
        router.get("/api/v1/orders/{id}/messages", OrderHandlers.messages(environment))
        router.post("/api/v1/inbound/sms", InboundHandlers.sms(environment))                     // Rentals/InboundHandlers.swift

        router.get("/api/v1/ledger", LedgerHandlers.list(environment))                          // Money/LedgerHandlers.swift
        router.post("/api/v1/deposits", DepositHandlers.create(environment))                    // Money/DepositHandlers.swift
        router.get("/api/v1/deposits", DepositHandlers.list(environment))
        router.get("/api/v1/deposits/{id}", DepositHandlers.show(environment))
        router.post("/api/v1/payments/duitku/callback", CallbackHandlers.handler(environment, gateway: .duitku))   // Money/CallbackHandlers.swift
        router.post("/api/v1/payments/heleket/webhook", CallbackHandlers.handler(environment, gateway: .heleket))
        router.post("/api/v1/payments/sandbox/callback", CallbackHandlers.handler(environment, gateway: .sandbox))
        router.get("/api/v1/payments/sandbox/pay/{id}", SandboxHandlers.page(environment))       // Money/SandboxHandlers.swift
        router.post("/api/v1/payments/sandbox/pay/{id}", SandboxHandlers.pay(environment))

        // Compatibility APIs (issue 8), Compat/: thin adapters over the same services. Paths outside /api/
        // follow third-party contracts (SMS-Activate, 5sim), described in Content/docs/compat.md rather than
        // the OpenAPI document (see `compatPrefixes`); the upstream webhook is native and documented there.
        router.post("/api/v1/inbound/upstream", UpstreamWebhook.handler(environment))                  // Compat/UpstreamWebhook.swift
        let retries = RetryMarks()
        router.get("/stubs/handler_api.php", SMSActivate.handler(environment, retries: retries))         // Compat/SMSActivate/
        router.post("/stubs/handler_api.php", SMSActivate.handler(environment, retries: retries))
        router.get("/v1/guest/countries", FiveSimGuest.countries(environment))                           // Compat/FiveSim/FiveSimGuest.swift
        router.get("/v1/guest/products/{country}/{operator}", FiveSimGuest.products(environment))
        router.get("/v1/guest/prices", FiveSimGuest.prices(environment))
        router.get("/v1/user/profile", FiveSimUser.profile(environment))                                 // Compat/FiveSim/FiveSimUser.swift
        router.get("/v1/user/orders", FiveSimUser.orders(environment))
        router.get("/v1/user/payments", FiveSimUser.payments(environment))
        router.get("/v1/user/buy/{category}/{country}/{operator}/{product}", FiveSimOrders.buy(environment)) // Compat/FiveSim/FiveSimOrders.swift
        router.get("/v1/user/check/{id}", FiveSimOrders.check(environment))
        router.get("/v1/user/finish/{id}", FiveSimOrders.finish(environment))
        router.get("/v1/user/cancel/{id}", FiveSimOrders.cancel(environment, ban: false))
        router.get("/v1/user/ban/{id}", FiveSimOrders.cancel(environment, ban: true))
        router.get("/v1/user/reuse/{product}/{number}", FiveSimOrders.reuse(environment))
        router.get("/v1/user/sms/inbox/{id}", FiveSimOrders.inbox(environment))

        // Account deletion (issue 7)
        router.get("/api/v1/account/deletion", DeletionHandlers.preview(environment))            // Accounts/DeletionHandlers.swift
        router.delete("/api/v1/account", DeletionHandlers.delete(environment))
        return router
    }

    /// Path prefixes of the compatibility APIs: their contracts are SMS-Activate's and 5sim's, so the
    /// OpenAPI document (and the test that holds it equal to the routes) leaves them out.
    static let compatPrefixes = ["/stubs/", "/v1/"]
}
