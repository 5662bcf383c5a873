import Core
import Foundation
import HTTP

/// A logged-in dashboard user: the cookie header and the CSRF token.
struct Login {
    let cookie: String
    let csrf: String
}

extension TestApp {
    static let password = "blue tractor 42 lemons"

    func register(_ email: String, password: String = TestApp.password, adult: Bool = true, terms: String = "2026-04-10",
                  remoteAddress: String = "10.0.0.1") -> Response {
        send("POST", "/api/v1/auth/register",
             body: #"{"email":"\#(email)","password":"\#(password)","adult":\#(adult),"terms_version":"\#(terms)"}"#,
             remoteAddress: remoteAddress)
    }

    /// The secret after `#token=` in the newest outbox mail to `email`.
    func linkToken(to email: String) throws -> String? {
        guard let mail = try outbox().last(where: { $0.to == email }),
              let range = mail.body.range(of: "#token=") else { return nil }
        return String(mail.body[range.upperBound...].prefix { $0.isLetter || $0.isNumber })
    }

    /// Registers and verifies through the API, as a user would.
    func verifiedUser(_ email: String) throws {
        _ = register(email)
        let token = try linkToken(to: email) ?? ""
        _ = send("POST", "/api/v1/auth/verify", body: #"{"token":"\#(token)"}"#)
    }

    func login(_ email: String, password: String = TestApp.password, remoteAddress: String = "10.0.0.1") -> (Response, Login?) {
        let response = send("POST", "/api/v1/auth/login", body: #"{"email":"\#(email)","password":"\#(password)"}"#,
                            remoteAddress: remoteAddress)
        guard response.status == 200, let cookie = response.header("Set-Cookie")?.split(separator: ";").first,
              let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let csrf = json["csrf_token"] as? String else { return (response, nil) }
        return (response, Login(cookie: String(cookie), csrf: csrf))
    }

    func get(_ target: String, login: Login) -> Response {
        send("GET", target, contentType: nil, headers: ["cookie": login.cookie])
    }

    func get(_ target: String, bearer: String) -> Response {
        send("GET", target, contentType: nil, headers: ["authorization": "Bearer " + bearer])
    }

    func post(_ target: String, body: String = "{}", login: Login, csrf: Bool = true) -> Response {
        var headers = ["cookie": login.cookie]
        if csrf { headers["x-csrf-token"] = login.csrf }
        return send("POST", target, body: body, headers: headers)
    }

    func delete(_ target: String, login: Login) -> Response {
        send("DELETE", target, contentType: nil, headers: ["cookie": login.cookie, "x-csrf-token": login.csrf])
    }

    /// Creates an API token over the dashboard session and returns (id, secret).
    func createToken(_ login: Login, name: String = "bot") throws -> (id: String, secret: String) {
        let response = post("/api/v1/tokens", body: #"{"name":"\#(name)"}"#, login: login)
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return (json?["id"] as? String ?? "", json?["token"] as? String ?? "")
    }
}

extension Response {
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}
