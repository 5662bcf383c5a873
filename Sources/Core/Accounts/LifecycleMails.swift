#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The texts of lifecycle mails (deletion, cooldown, termination, changed terms), Indonesian first with
/// English below, like `AccountMails`.
public enum LifecycleMails {
    public static func deleted(to: String, forfeited: Int64, opensAt: Date) -> Mail {
        Mail(to: to, subject: "Akun Anda telah dihapus / Your account has been deleted", body: """
            Halo,

            Akun SMSCode Anda telah dihapus atas permintaan Anda. Semua sesi dan token API telah dicabut. \
            Saldo yang hangus: \(rupiah(forfeited)). Alamat email ini dapat didaftarkan kembali mulai \
            \(moment(opensAt)); data pribadi Anda dihapus permanen pada saat itu. Riwayat pesanan dan \
            pembukuan disimpan tanpa identitas Anda, sebagaimana diwajibkan hukum.

            Your SMSCode account has been deleted as you asked. Every session and API token has been revoked. \
            Balance forfeited: \(rupiah(forfeited)). This address can register again from \(moment(opensAt)), \
            when your personal data is permanently purged. Order and ledger records are kept without your \
            identity, as the law requires. If you did not ask for this, contact support at once.
            """ + AccountMails.signature)
    }

    /// The answer to a registration during the cooldown: registration itself still answers 202 (no enumeration).
    public static func cooldown(to: String, opensAt: Date) -> Mail {
        Mail(to: to, subject: "Pendaftaran belum dapat dilakukan / Registration not yet possible", body: """
            Halo,

            Seseorang mencoba mendaftar di SMSCode dengan alamat email ini. Akun dengan alamat ini baru saja \
            dihapus, dan alamat ini tidak dapat didaftarkan kembali selama 30 hari setelah penghapusan. \
            Pendaftaran dibuka kembali pada \(moment(opensAt)).

            Someone tried to register at SMSCode with this address. An account with this address was \
            deleted recently, and the address cannot register again for 30 days after a deletion (Terms of \
            Service §9). Registration opens again on \(moment(opensAt)). If this was not you, ignore this message.
            """ + AccountMails.signature)
    }

    public static func terminated(to: String, forfeited: Int64) -> Mail {
        let balance = forfeited > 0
            ? "Saldo sebesar \(rupiah(forfeited)) hangus karena pelanggaran ketentuan. / The balance of \(rupiah(forfeited)) is forfeited for a violation of the terms."
            : "Saldo Anda tidak dihanguskan. / Your balance was not forfeited."
        return Mail(to: to, subject: "Akun Anda telah diakhiri / Your account has been terminated", body: """
            Halo,

            Akun SMSCode Anda telah diakhiri berdasarkan §9 Ketentuan Layanan. Akses ke akun dan token API \
            telah dicabut.

            Your SMSCode account has been terminated under §9 of the Terms of Service. Access to the account \
            and its API tokens has been revoked.

            \(balance)

            Hubungi dukungan jika menurut Anda ini keliru. / Contact support if you think this is a mistake.
            """ + AccountMails.signature)
    }

    public static func termsChanged(to: String, version: String, baseURL: String) -> Mail {
        Mail(to: to, subject: "Ketentuan Layanan diperbarui / Our Terms of Service have changed", body: """
            Halo,

            Kami telah memperbarui Ketentuan Layanan SMSCode (versi \(version)). Bacalah di \(baseURL)/terms \
            dan setujui di dasbor Anda. Penggunaan SMSCode setelah perubahan berlaku berarti menerima ketentuan \
            yang diperbarui.

            We have updated the SMSCode Terms of Service (version \(version)). Read them at \(baseURL)/terms and \
            accept them on your dashboard. Continued use of SMSCode after the changes take effect constitutes \
            acceptance of the updated terms (§10).
            """ + AccountMails.signature)
    }

    /// "Rp 12.300": whole rupiah with Indonesian thousands dots.
    public static func rupiah(_ amount: Int64) -> String {
        let digits = Array(String(amount.magnitude))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(".") }
            out.append(digit)
        }
        return "Rp " + (amount < 0 ? "-" : "") + out
    }

    /// "2026-12-27 10:00 UTC".
    public static func moment(_ date: Date) -> String {
        let text = Timestamp.format(date)
        return String(text.prefix(16)).replacing("T", with: " ") + " UTC"
    }
}
