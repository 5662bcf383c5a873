import Core
import HTTP

/// `GET /api/v1/health`: liveness plus "can we read the database", for nginx checks and monitoring.
/// 503 when the database cannot be read, so a load balancer takes this host out.
enum Health {
    static func handler(_ environment: AppEnvironment) -> Handler {
        // Rendered by hand: this is the hottest, most-polled endpoint (stack.md Q1 "JSON cost").
        let okBody = "{\"database\":\"ok\",\"status\":\"ok\",\"version\":\(JSONString.quoted(environment.version))}"
        let failedBody = "{\"database\":\"unreachable\",\"status\":\"degraded\",\"version\":\(JSONString.quoted(environment.version))}"
        return { _ in
            environment.database.isReachable()
                ? .rawJSON(okBody)
                : .rawJSON(failedBody, status: 503)
        }
    }
}
