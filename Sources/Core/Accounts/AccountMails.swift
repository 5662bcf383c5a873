/// The texts of account mails, Indonesian first with English below (the site's languages).
/// Links carry their secret after `#`, so it never reaches a server log or a Referer header.
public enum AccountMails {
    static let signature = "\n\n— SMSCode\nBantuan / support: support@smscode.example\n"

    public static func verify(to: String, link: String) -> Mail {
        Mail(to: to, subject: "Konfirmasi email Anda / Confirm your email", body: """
            Halo,

            Terima kasih telah mendaftar di SMSCode. Buka tautan ini untuk mengonfirmasi email Anda \
            (berlaku 24 jam, sekali pakai):

            \(link)

            Thank you for registering with SMSCode. Open the link above to confirm your email \
            (valid for 24 hours, single use). If you did not register, ignore this message.
            """ + signature)
    }

    public static func alreadyRegistered(to: String, baseURL: String) -> Mail {
        Mail(to: to, subject: "Anda sudah punya akun / You already have an account", body: """
            Halo,

            Seseorang mencoba mendaftar di SMSCode dengan alamat email ini, tetapi akun untuk alamat ini \
            sudah ada. Jika itu Anda, silakan masuk, atau atur ulang kata sandi di \(baseURL)/reset.

            Someone tried to register at SMSCode with this address, but an account for it already exists. \
            If that was you, log in, or reset your password at \(baseURL)/reset. If not, ignore this message.
            """ + signature)
    }

    public static func refused(to: String) -> Mail {
        Mail(to: to, subject: "Pendaftaran tidak dapat diproses / Registration not possible", body: """
            Halo,

            Kami tidak dapat membuat akun SMSCode untuk alamat email ini. Hubungi dukungan jika menurut \
            Anda ini keliru.

            We cannot open an SMSCode account for this address. Contact support if you think this is a mistake.
            """ + signature)
    }

    public static func reset(to: String, link: String, minutes: Int) -> Mail {
        Mail(to: to, subject: "Atur ulang kata sandi / Reset your password", body: """
            Halo,

            Buka tautan ini untuk mengatur kata sandi baru (berlaku \(minutes) menit, sekali pakai):

            \(link)

            Open the link above to choose a new password (valid for \(minutes) minutes, single use). \
            All your sessions will be ended. If you did not ask for this, ignore this message.
            """ + signature)
    }

    public static func passwordChanged(to: String) -> Mail {
        Mail(to: to, subject: "Kata sandi Anda diubah / Your password was changed", body: """
            Halo,

            Kata sandi akun SMSCode Anda baru saja diubah. Jika bukan Anda, segera atur ulang kata sandi \
            dan hubungi dukungan.

            The password of your SMSCode account was just changed. If this was not you, reset your \
            password now and contact support.
            """ + signature)
    }
}
