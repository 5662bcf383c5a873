import Core
import Foundation
import Testing

/// The simulated provider plans its deliveries in memory; `RentalService.resume` gives a restarted
/// process the open orders back, so a restart does not turn them into refunds.
@Suite struct SimulatorRestartTests {
    /// The TestApp's simulator answers 30 s after every purchase; the "restarted" one is a new instance
    /// with an empty schedule, as after a restart.
    func restarted(_ app: TestApp, noSMSRate: Double = 0) -> SimulatedProvider {
        SimulatedProvider(clock: app.clock.clock, random: .seeded(21), noSMSRate: noSMSRate, delay: 30...30)
    }

    func providerOrderID(_ app: TestApp, _ id: String) throws -> String {
        let number = try #require(Int64(id))
        return try #require(try app.rentals.store.read { try $0.order(id: number) }).providerOrderID
    }

    func deliver(_ app: TestApp, _ simulator: SimulatedProvider) throws -> [String] {
        try simulator.due().map { delivery in
            try app.rentals.receive(provider: "simulated", providerOrderID: delivery.providerOrderID, sender: delivery.sender, text: delivery.text,
                                    at: app.clock.date)
            return delivery.providerOrderID
        }
    }

    @Test func pendingOrdersGetTheirSMSCountedFromThePurchase() throws {
        let app = try TestApp()
        let login = try app.shopper("rina@example.com")
        let early = try #require(app.buy(login).json["id"] as? String)
        app.clock.advance(by: 40)  // early's SMS was due 10 s ago, but the process went down before sending it
        let late = try #require(app.buy(login).json["id"] as? String)

        let simulator = restarted(app)
        #expect(simulator.due().isEmpty)
        #expect(try app.rentals.resume(simulator) == 2)
        #expect(try deliver(app, simulator) == [try providerOrderID(app, early)])  // overdue: at once
        #expect(app.get("/api/v1/orders/\(early)", login: login).json["status"] as? String == "received")
        #expect(app.get("/api/v1/orders/\(late)", login: login).json["status"] as? String == "pending")

        app.clock.advance(by: 29)
        #expect(try deliver(app, simulator).isEmpty)
        app.clock.advance(by: 1)  // 30 s after late was bought
        #expect(try deliver(app, simulator) == [try providerOrderID(app, late)])
        #expect(app.get("/api/v1/orders/\(late)", login: login).json["status"] as? String == "received")
        #expect(try app.balance("rina@example.com") == 100_000 - 2 * 12_300)  // both charged, neither refunded
    }

    @Test func receivedOrdersGetNoSecondSMSButResendStillWorks() throws {
        let app = try TestApp()
        let login = try app.shopper("sari@example.com")
        let id = try #require(app.buy(login).json["id"] as? String)
        app.clock.advance(by: 30)
        try app.deliverDueSMS()

        let simulator = restarted(app)
        #expect(try app.rentals.resume(simulator) == 0)
        app.clock.advance(by: 60)
        #expect(simulator.due().isEmpty)
        try simulator.provider.requestAnotherSMS(try providerOrderID(app, id))
        app.clock.advance(by: 30)
        #expect(try deliver(app, simulator) == [try providerOrderID(app, id)])
    }

    @Test func theNoSMSShareStaysWithoutSMSAndOrdersLeasedSinceTheStartKeepTheirPlan() throws {
        let app = try TestApp()
        let login = try app.shopper("dewi@example.com")
        _ = try #require(app.buy(login).json["id"] as? String)
        let silent = restarted(app, noSMSRate: 1)
        #expect(try app.rentals.resume(silent) == 0)
        app.clock.advance(by: 60)
        #expect(silent.due().isEmpty)
        // The simulator that leased the order knows it: resuming it plans nothing twice.
        #expect(try app.rentals.resume(app.simulator) == 0)
        #expect(app.simulator.due().count == 1)
    }
}
