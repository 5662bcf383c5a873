import Core
import Store
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Hands a mail to the outside world: an `.eml` file under DATA_DIR/mail (the default, for development
/// and for operators who collect mail from disk) or `sendmail -t`.
struct MailTransport: Sendable {
    var deliver: @Sendable (Outbox.Pending) throws -> Void

    static func files(directory: String) -> MailTransport {
        MailTransport { pending in
            try FileSystem.makeDirectory(directory)
            let name = "\(Timestamp.format(pending.createdAt).filter { $0.isNumber })-\(pending.id).eml"
            let temporary = directory + "/." + name + ".tmp"
            try Data(MailTransport.rfc822(pending).utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, directory + "/" + name) == 0 else { throw ValidationErrorText("cannot write \(name)") }
        }
    }

    /// Pipes the message to `sendmail -t -i` (popen: no shell input from users reaches the command line).
    static func sendmail() -> MailTransport {
        MailTransport { pending in
            guard let pipe = popen("/usr/sbin/sendmail -t -i", "w") else { throw ValidationErrorText("cannot start sendmail") }
            let message = MailTransport.rfc822(pending)
            let written = message.withCString { fputs($0, pipe) }
            let status = pclose(pipe)
            guard written >= 0, status == 0 else { throw ValidationErrorText("sendmail failed with status \(status)") }
        }
    }

    /// A plain-text RFC 5322 message; header values are stripped of CR/LF so no header can be injected.
    static func rfc822(_ pending: Outbox.Pending) -> String {
        func clean(_ text: String) -> String { text.filter { $0 != "\r" && $0 != "\n" } }
        return """
            From: SMSCode <no-reply@smscode.example>\r
            To: \(clean(pending.mail.to))\r
            Subject: \(clean(pending.mail.subject))\r
            Date: \(Timestamp.format(pending.createdAt))\r
            Message-ID: <outbox-\(pending.id)@smscode.example>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            \(pending.mail.body.replacing("\n", with: "\r\n"))
            """
    }
}
