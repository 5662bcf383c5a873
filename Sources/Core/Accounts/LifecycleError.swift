/// Why a self-deletion is refused (R9); the API maps each to a stable error code. Nothing changes on
/// any of them.
public enum LifecycleError: Error, Equatable, Sendable {
    /// Orders still `pending`/`received` or deposits still `pending` (ToS §9: finish them first).
    case deletionBlocked(activeOrders: Int, pendingDeposits: Int)
    /// `confirm_forfeit_amount` is not the balance that would be forfeited (typed blind, or the balance
    /// changed since the preview).
    case forfeitMismatch(balance: Int64)
}

extension LifecycleError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .deletionBlocked(let orders, let deposits):
            "The account cannot be deleted yet: \(orders) active order(s) and \(deposits) pending deposit(s). "
                + "Cancel or finish the orders and wait for the deposits to complete first."
        case .forfeitMismatch(let balance):
            "confirm_forfeit_amount must repeat the balance that will be forfeited: Rp \(balance)."
        }
    }
}
