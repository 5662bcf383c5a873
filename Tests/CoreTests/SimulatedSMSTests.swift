import Core
import Testing

@Suite struct SimulatedSMSTests {
    @Test func numbersLookLikeTheCountrysMobileNumbers() {
        let random = RandomSource.seeded(5)
        for _ in 0..<200 {
            let number = SimulatedSMS.phoneNumber(country: "ID", dialCode: "62", random: random)
            #expect(number.hasPrefix("+628"))
            #expect((13...14).contains(number.count))
            #expect(number.dropFirst().allSatisfy { $0.isNumber })
        }
        #expect(SimulatedSMS.phoneNumber(country: "XX", dialCode: "999", random: random).count == 13)
    }

    /// Every simulated text carries its code in a form the extractor finds.
    @Test(arguments: ["tg", "wa", "go", "fb", "ig", "ka", "jg", "ni", "lf", "ot"])
    func textsCarryTheirCode(service: String) {
        let random = RandomSource.seeded(UInt64(service.unicodeScalars.first?.value ?? 1))
        for _ in 0..<50 {
            let code = SimulatedSMS.code(random: random)
            #expect(code.count == 6 && code.first != "0")
            let text = SimulatedSMS.text(service: service, serviceName: "Other", code: code)
            #expect(VerificationCode.extract(from: text) == code, "\(text)")
        }
    }

    @Test func aShareOfOrdersNeverGetsAnSMS() {
        let random = RandomSource.seeded(9)
        let plans = (0..<2000).map { _ in SimulatedSMS.plan(noSMSRate: 0.25, delay: 5...40, random: random) }
        let silent = plans.filter { $0 == nil }.count
        #expect((400...600).contains(silent))  // about a quarter
        #expect(plans.compactMap { $0 }.allSatisfy { (5...40).contains($0) })
        #expect(SimulatedSMS.plan(noSMSRate: 0, delay: 1...1, random: random) == 1)
        #expect(SimulatedSMS.plan(noSMSRate: 1, delay: 1...1, random: random) == nil)
    }
}
