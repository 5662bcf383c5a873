import Core

/// Orders whose owner asked for another SMS through a compatibility API, with how many messages they had
/// then: until a newer one arrives, SMS-Activate's `getStatus` says `STATUS_WAIT_RETRY:<previous code>`
/// instead of repeating the old code as if it were new. Protocol state only (no rule depends on it), kept
/// in memory: after a restart such an order simply shows `STATUS_OK` with its latest code again.
final class RetryMarks: @unchecked Sendable {
    private let lock = Lock()
    private var marks: [Int64: Int] = [:]
    /// Bound on remembered orders; each account holds at most MAX_ACTIVE_ORDERS active ones anyway.
    let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    func mark(_ orderID: Int64, messageCount: Int) {
        lock.withLock {
            if marks.count >= capacity { marks.removeAll() }
            marks[orderID] = messageCount
        }
    }

    /// The message count when another SMS was asked for, or nil.
    func mark(of orderID: Int64) -> Int? { lock.withLock { marks[orderID] } }

    func clear(_ orderID: Int64) { lock.withLock { _ = marks.removeValue(forKey: orderID) } }
}
