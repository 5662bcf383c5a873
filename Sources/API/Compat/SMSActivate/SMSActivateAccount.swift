import Core
import HTTP

/// getBalance and getBalanceAndCashBack (there is no cashback: both answer the balance).
enum SMSActivateAccount {
    static func balance(_ call: SMSActivateCall) throws -> Response {
        CompatResponse.text(SMSActivateAnswers.balance(try call.env.money.balance(accountID: call.accountID)))
    }
}
