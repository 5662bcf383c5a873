import Core
import Testing

@Suite struct VerificationCodeTests {
    @Test(arguments: [
        ("Your Telegram code: 48213. Do not give it to anyone.", "48213"),
        ("G-123456 is your Google verification code.", "123456"),
        ("<#> Kode WhatsApp Anda: 123-456. Jangan bagikan kode ini.", "123456"),
        ("Shopee: JANGAN BERIKAN kode ini kpd siapapun. Kode verifikasi: 8732 01", "873201"),
        ("Your Grab code is 12-34-56", "123456"),
        ("123456 is your Instagram code", "123456"),
        ("Use 7781 to verify your Facebook account. Ref 2026", "7781"),
        ("Kode OTP 556677 berlaku 5 menit", "556677"),
    ])
    func extracts(text: String, code: String) {
        #expect(VerificationCode.extract(from: text) == code)
    }

    @Test(arguments: [
        "Welcome to the service!",
        "Call 12",
        "Order A12345B shipped",
    ])
    func findsNothingWhereThereIsNoCode(text: String) {
        #expect(VerificationCode.extract(from: text) == nil)
    }
}
