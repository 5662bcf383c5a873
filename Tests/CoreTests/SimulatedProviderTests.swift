import Core
import Foundation
import Testing

@Suite struct SimulatedProviderTests {
    let country = Country(iso: "ID", dialCode: "62", nameID: "Indonesia", nameEN: "Indonesia", smsActivateID: 6, fivesimName: "indonesia", sort: 1)
    let service = Service(code: "tg", name: "Telegram", fivesimName: "telegram", category: "messengers", sort: 1)

    /// A restart must not change which orders get an SMS, nor when: the plan travels in the provider
    /// order id, so a new process with another random source finds every one again.
    @Test func aRestartedSimulatorFindsEveryPlanAgain() throws {
        let clock = ManualClock()
        let original = SimulatedProvider(clock: clock.clock, random: .seeded(3), noSMSRate: 0.5, delay: 5...40)
        var orders: [Order] = []
        for index in 0..<200 {
            let lease = try original.provider.lease(LeaseRequest(country: country, service: service, operator: "any"))
            orders.append(Order(id: Int64(index + 1), accountID: "a", service: "tg", country: "ID", operator: "any", provider: "simulated",
                                providerOrderID: lease.providerOrderID, phone: lease.phone, price: 1, state: .pending,
                                createdAt: clock.date, expiresAt: clock.date.addingTimeInterval(1200)))
        }
        let restarted = SimulatedProvider(clock: clock.clock, random: .seeded(99), noSMSRate: 0.5, delay: 5...40)
        let planned = restarted.resume(orders, catalog: ["tg": service])
        var delivered = 0
        for _ in 0...40 {
            clock.advance(by: 1)
            let due = Set(original.due().map(\.providerOrderID))
            #expect(Set(restarted.due().map(\.providerOrderID)) == due)
            delivered += due.count
        }
        #expect(planned == delivered)
        #expect((70...130).contains(planned), "about half of 200 get an SMS: \(planned)")
    }

    @Test func providerOrderIDsCarryTheirSeed() {
        #expect(SimulatedSMS.seed(ofProviderOrderID: "SIM-00ff10a0b1c2d3e4") == [0x00, 0xff, 0x10, 0xa0, 0xb1, 0xc2, 0xd3, 0xe4])
        #expect(SimulatedSMS.seed(ofProviderOrderID: "SIM-00ff10a0b1c2d3") == nil)     // short
        #expect(SimulatedSMS.seed(ofProviderOrderID: "SIM-00FF10a0b1c2d3e4") == nil)   // not our spelling
        #expect(SimulatedSMS.seed(ofProviderOrderID: "UP-00ff10a0b1c2d3e4") == nil)
    }
}
