import Core
import HTTP

/// Every route of the native API, in one place. Each line names the handler file that serves it;
/// the OpenAPI document (`OpenAPIDocument.swift`) must describe exactly these (a test checks).
enum Routes {
    static func make(_ environment: AppEnvironment) -> Router {
        var router = Router()
        router.get("/api/v1/health", Health.handler(environment))            // Health.swift
        router.get("/api/v1/openapi.json", OpenAPI.handler(environment))     // OpenAPI.swift

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

        // Account deletion (issue 7)
        router.get("/api/v1/account/deletion", DeletionHandlers.preview(environment))            // Accounts/DeletionHandlers.swift
        router.delete("/api/v1/account", DeletionHandlers.delete(environment))
        return router
    }
}
