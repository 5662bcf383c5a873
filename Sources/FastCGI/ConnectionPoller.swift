import CEpoll
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Hands each FastCGI worker its next connection: a new one from the listening socket, or one that nginx
/// keeps open between requests (`fastcgi_keep_conn on` with upstream `keepalive`) once its next request
/// has arrived.
///
/// Why: libfcgi alone serves a kept connection by blocking a thread in read() until nginx sends the next
/// request or closes it, so nginx caching as many idle connections as there are threads stalls every new
/// one (stack.md, "the upstream-keepalive trap"). Here an idle kept connection waits in epoll instead, and
/// no thread is tied to it. Keeping connections saves a connect, an accept and a close on both sides of
/// every request (a fifth of the app's CPU per order poll, and nginx's share too).
///
/// One epoll set shared by all workers; every descriptor in it is one-shot, so one event wakes one
/// thread, and a connection is in the set only while it is idle. A stop makes every waiter return nil
/// and closes the idle connections, so nginx opens new ones (to the restarted service, with socket
/// activation) instead of sending requests nobody will read.
final class ConnectionPoller: @unchecked Sendable {
    /// A connection to serve; `registered` when epoll knows it (it came back for another request).
    struct Connection: Equatable {
        let fd: Int32
        let registered: Bool
    }

    private let epollFD: Int32
    private let listenFD: Int32
    private let stopFD: Int32
    private let isTCP: Bool
    private let log: @Sendable (String) -> Void
    /// The idle kept connections, closed by `stop()`; nil once stopped.
    private let idle = Mutex<Set<Int32>?>([])

    /// Watches `listenFD`, which it makes non-blocking: after a wake-up another thread, or libfcgi after a
    /// bad request, may have taken the connection, and accept() must then say so rather than wait.
    init(listenFD: Int32, log: @escaping @Sendable (String) -> Void) throws {
        self.listenFD = listenFD
        self.log = log
        isTCP = !FastCGIServer.isUnixDomain(listenFD)
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw FastCGIError.cannotPoll(errno) }
        stopFD = eventfd(0, Int32(EFD_CLOEXEC))
        guard stopFD >= 0 else {
            close(epollFD)
            throw FastCGIError.cannotPoll(errno)
        }
        _ = fcntl(listenFD, F_SETFL, fcntl(listenFD, F_GETFL) | O_NONBLOCK)
        // The stop descriptor is level-triggered and never read: once written, it wakes every waiter.
        guard control(EPOLL_CTL_ADD, stopFD, events: Self.readable),
              control(EPOLL_CTL_ADD, listenFD, events: Self.readable | Self.oneShot) else {
            let code = errno
            close(stopFD)
            close(epollFD)
            throw FastCGIError.cannotPoll(code)
        }
    }

    deinit {
        close(stopFD)
        close(epollFD)
    }

    /// Blocks until a connection has a request to read (a new connection counts: nginx writes its
    /// request right after connecting). Nil once `stop()` was called, or if the listener is gone.
    func next() -> Connection? {
        var event = epoll_event()
        while true {
            let count = epoll_wait(epollFD, &event, 1, -1)
            if count < 0 {
                if errno == EINTR { continue }
                log("epoll_wait failed (errno \(errno)); this worker stops")
                return nil
            }
            guard count == 1 else { continue }
            let fd = event.data.fd
            if fd == stopFD { return nil }
            if fd == listenFD {
                switch accepted() {
                case .connection(let connection): return Connection(fd: connection, registered: false)
                case .none: continue
                case .closed: return nil
                }
            }
            // Taken out of the idle set before anything else: once out, only this thread may close it.
            guard idle.withLock({ $0?.remove(fd) }) != nil else { continue } // stop() closed it
            if event.events & (Self.hangUp | Self.error | Self.peerClosed) != 0 {
                close(fd) // nginx closed an idle connection (keepalive_timeout, reload): nothing to answer
                continue
            }
            return Connection(fd: fd, registered: true)
        }
    }

    /// Waits for the next request on a connection nginx keeps, without a thread; closes it if it
    /// cannot be watched.
    func park(_ connection: Connection) {
        let events = Self.readable | Self.peerClosed | Self.oneShot
        let parked = idle.withLock { idle -> Bool in
            // Armed under the lock, so that stop() either finds it in the set or makes the insert fail.
            guard idle != nil, control(connection.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, connection.fd, events: events)
            else { return false }
            idle!.insert(connection.fd)
            return true
        }
        if !parked { close(connection.fd) } // stopping, or epoll refused it (out of memory)
    }

    /// Makes every `next()`, waiting or to come, return nil, and closes the idle connections.
    func stop() {
        var one: UInt64 = 1
        _ = write(stopFD, &one, MemoryLayout<UInt64>.size)
        let connections = idle.withLock { idle -> Set<Int32> in
            defer { idle = nil }
            return idle ?? []
        }
        for fd in connections { close(fd) }
    }

    private enum Accepted {
        case connection(Int32)
        case none
        case closed
    }

    private func accepted() -> Accepted {
        // The new descriptor blocks (Linux does not inherit O_NONBLOCK): libfcgi reads and writes it with
        // plain blocking calls. Not close-on-exec, as libfcgi's own accept: serve starts no processes.
        let connection = accept(listenFD, nil, nil)
        let code = errno
        _ = control(EPOLL_CTL_MOD, listenFD, events: Self.readable | Self.oneShot) // the next one wakes a waiter
        if connection >= 0 {
            if isTCP {
                var on: Int32 = 1 // requests and answers are single writes: no Nagle delay (as libfcgi does)
                _ = setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            }
            return .connection(connection)
        }
        switch code {
        case EAGAIN, EINTR, ECONNABORTED, EPROTO:
            return .none
        case EMFILE, ENFILE, ENOBUFS, ENOMEM:
            // Out of descriptors or memory: in-flight requests free some; never spin, never exit.
            log("accept failed (errno \(code)); retrying in 10 ms")
            usleep(10_000)
            return .none
        default:
            return .closed // EINVAL after shutdown(2) on SIGTERM, or the socket is gone
        }
    }

    private func control(_ operation: Int32, _ fd: Int32, events: UInt32) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        return epoll_ctl(epollFD, operation, fd, &event) == 0
    }

    private static let readable = EPOLLIN.rawValue
    private static let peerClosed = EPOLLRDHUP.rawValue
    private static let hangUp = EPOLLHUP.rawValue
    private static let error = EPOLLERR.rawValue
    private static let oneShot = EPOLLONESHOT.rawValue
}
