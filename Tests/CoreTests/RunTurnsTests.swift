import Core
import Foundation
import Testing

/// `RunTurns`: the FastCGI threads' admission to the CPUs (one turn per thread at most, given back
/// before blocking, waited for only when none is free).
@Suite struct RunTurnsTests {
    /// Runs `body` on a new thread and waits for it to end.
    private func onThread(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        Thread {
            body()
            done.signal()
        }.start()
        done.wait()
    }

    @Test func aThreadHoldsAtMostOneTurnAndGivesItBack() {
        let turns = RunTurns(count: 2)
        onThread {
            #expect(!RunTurns.holdsTurn)
            turns.take()
            turns.take() // already held: not a second turn
            #expect(turns.available == 1)
            #expect(RunTurns.holdsTurn)
            RunTurns.giveBack()
            RunTurns.giveBack() // nothing held any more: a no-op
            #expect(turns.available == 2)
            #expect(!RunTurns.holdsTurn)
        }
        #expect(turns.available == 2)
    }

    @Test func giveBackOutsideAServerThreadChangesNothing() {
        let turns = RunTurns(count: 1)
        onThread { RunTurns.giveBack() }
        #expect(turns.available == 1)
        #expect(RunTurns(count: 0).count == 1)
    }

    @Test func aThreadWaitsForATurnUntilItsHolderGivesItBack() {
        let turns = RunTurns(count: 1)
        let events = Events()
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let waiterDone = DispatchSemaphore(value: 0)
        Thread {
            turns.take()
            holding.signal()
            release.wait()
            events.append("holder gives back")
            RunTurns.giveBack()
        }.start()
        holding.wait()
        Thread {
            turns.take()
            events.append("waiter took")
            RunTurns.giveBack()
            waiterDone.signal()
        }.start()
        release.signal()
        waiterDone.wait()
        #expect(events.all == ["holder gives back", "waiter took"])
        #expect(turns.available == 1)
    }
}

private final class Events: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ event: String) { lock.withLock { list.append(event) } }
    var all: [String] { lock.withLock { list } }
}
