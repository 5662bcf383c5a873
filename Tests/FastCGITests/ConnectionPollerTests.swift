import Foundation
import Synchronization
import Testing
@testable import FastCGI

/// The poller against a real unix listener: what a worker gets from `next()` for new connections, for
/// kept ones with a request, for kept ones the peer closed, and after `stop()`.
@Suite struct ConnectionPollerTests {
    @Test func aNewConnectionThenTheSameOneAgainOnceParkedAndReadable() throws {
        let listener = try UnixListener()
        let poller = try ConnectionPoller(listenFD: listener.fd, log: { _ in })
        let client = try listener.connect()
        defer { close(client) }

        let first = try #require(poller.next())
        #expect(first.registered == false)
        poller.park(first)
        #expect(write(client, "x", 1) == 1)
        #expect(poller.next() == ConnectionPoller.Connection(fd: first.fd, registered: true))
        close(first.fd)
    }

    @Test func anIdleConnectionThePeerClosedIsDroppedNotServed() throws {
        let listener = try UnixListener()
        let poller = try ConnectionPoller(listenFD: listener.fd, log: { _ in })
        let leaving = try listener.connect()
        let kept = try #require(poller.next())
        poller.park(kept)
        close(leaving) // nginx closing an idle connection

        let staying = try listener.connect()
        defer { close(staying) }
        let next = try #require(poller.next())
        #expect(next.registered == false, "the closed connection was handed out instead of the new one")
        close(next.fd)
    }

    @Test func stopWakesAWaitingWorkerAndClosesIdleConnections() throws {
        let listener = try UnixListener()
        let poller = try ConnectionPoller(listenFD: listener.fd, log: { _ in })
        let client = try listener.connect()
        defer { close(client) }
        poller.park(try #require(poller.next()))

        let result = Mutex<ConnectionPoller.Connection??>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let connection = poller.next() // blocks: the parked connection has nothing to read
            result.withLock { $0 = .some(connection) }
            done.signal()
        }
        poller.stop()
        #expect(done.wait(timeout: .now() + 5) == .success, "stop() did not wake the waiting worker")
        #expect(result.withLock { $0 } == .some(nil))
        var byte: UInt8 = 0
        #expect(read(client, &byte, 1) == 0, "the idle connection is still open after stop()")
        #expect(poller.next() == nil)
    }
}

/// A listening unix socket in a fresh temporary folder.
private final class UnixListener {
    let fd: Int32
    private let path: String

    init() throws {
        path = NSTemporaryDirectory() + "poller-\(UUID().uuidString.prefix(8)).sock"
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    func connect() throws -> Int32 {
        let client = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.address(path)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(client, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard client >= 0, rc == 0 else { throw POSIXError(.ECONNREFUSED) }
        return client
    }

    private static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
        }
        return address
    }
}
