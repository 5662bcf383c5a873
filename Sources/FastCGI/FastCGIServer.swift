import CFCGI
import Core
import HTTP
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A FastCGI server over libfcgi: a pool of plain threads; one holding one of the `RunTurns` (one per CPU
/// by default; a thread that blocks mid-request gives its turn to another) waits for a connection with a
/// request (`ConnectionPoller`: new ones and those nginx keeps open) and serves it with `FCGX_Accept_r`.
///
/// Plain threads, not Swift concurrency: blocking FastCGI and SQLite calls on the cooperative pool
/// (2 threads here) would stall it (stack.md Q1). It knows nothing of SMSCode: it decodes each request
/// into a `RawRequest`, asks the responder, and writes the `Response` in one `FCGX_PutStr`.
public final class FastCGIServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// An absolute unix socket path, or `127.0.0.1:PORT` (never `:PORT`, which binds every interface).
        public var listen: String
        public var threads: Int
        /// How many threads may accept and run requests at once (`RunTurns`); at most `threads`.
        public var turns: Int
        public var maxBodyBytes: Int
        /// How long in-flight requests may run after SIGTERM before `run` returns anyway.
        public var drainSeconds: Int
        public var backlog: Int32 = 1024
        /// A listening socket the supervisor passed in (`SocketActivation.inheritedListener()`); when set,
        /// `listen` is not opened, and the socket is neither shut down nor unlinked on exit (it is not ours).
        public var inheritedSocket: Int32?

        public init(listen: String, threads: Int = 8, turns: Int = RunTurns.perCPU, maxBodyBytes: Int = 65536,
                    drainSeconds: Int = 10, inheritedSocket: Int32? = nil) {
            self.listen = listen
            self.inheritedSocket = inheritedSocket
            self.threads = threads
            self.turns = min(turns, max(1, threads)) // RunTurns makes it at least 1
            self.maxBodyBytes = maxBodyBytes
            self.drainSeconds = drainSeconds
        }
    }

    public typealias Responder = @Sendable (RawRequest) -> Response

    let configuration: Configuration
    let responder: Responder
    let log: @Sendable (String) -> Void
    private var listenFD: Int32 = -1
    /// Set for a unix-domain listener: see `readInputToEnd`.
    private var isUnixSocket = false
    /// Where workers wait for their next connection; set by `run` before the first worker starts.
    private var poller: ConnectionPoller?
    private let workers = WorkerCount()
    private let turns: RunTurns
    /// Set once SIGTERM arrived: a thread that gets a turn after that must not accept again.
    private let stopping = Atomic<Bool>(false)

    public init(configuration: Configuration, log: @escaping @Sendable (String) -> Void, responder: @escaping Responder) {
        self.configuration = configuration
        self.responder = responder
        self.log = log
        turns = RunTurns(count: configuration.turns)
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight requests finish (up to
    /// `drainSeconds`) and returns. Throws if the socket cannot be opened.
    public func run() throws {
        let signals = try SignalWaiter.blockTerminationSignals()
        try openSocket()
        isUnixSocket = Self.isUnixDomain(listenFD)
        poller = try ConnectionPoller(listenFD: listenFD, log: log)
        // Said before the first worker starts: once one runs it may answer a request, and whoever waits for
        // this line (a supervisor, test_deploy.py) must never see an answer before it.
        if let fd = configuration.inheritedSocket {
            log("listening on inherited socket fd \(fd) (socket activation) with \(configuration.threads) threads, \(turns.count) running at once")
        } else {
            log("listening on \(configuration.listen) with \(configuration.threads) threads, \(turns.count) running at once")
        }
        for index in 0..<configuration.threads { try startWorker(index) }

        let signal = signals.wait()
        log("received signal \(signal); draining in-flight requests")
        stopping.store(true, ordering: .sequentiallyConsistent)
        FCGX_ShutdownPending()
        poller?.stop() // wakes every thread waiting for a connection; threads finishing a request exit after it
        // New connections are refused at once rather than left in the backlog unanswered. An inherited
        // socket is the supervisor's: shut down, it would refuse every connection to the restarted service.
        if configuration.inheritedSocket == nil {
            shutdown(listenFD, Int32(SHUT_RDWR))
            if configuration.listen.hasPrefix("/") { unlink(configuration.listen) }
        }
        if workers.waitForZero(timeoutSeconds: configuration.drainSeconds) {
            log("drained; exiting")
        } else {
            log("drain timed out after \(configuration.drainSeconds) s with \(workers.value) requests in flight")
        }
        close(listenFD)
    }

    private func openSocket() throws {
        signal(SIGPIPE, SIG_IGN) // a client that hangs up early must never kill the process
        guard FCGX_Init() == 0 else { throw FastCGIError.initFailed }
        if let fd = configuration.inheritedSocket {
            listenFD = fd
            return
        }
        let listen = configuration.listen
        if listen.hasPrefix("/") {
            unlink(listen) // a stale socket from a killed run would make bind fail
        }
        listenFD = FCGX_OpenSocket(listen, configuration.backlog)
        guard listenFD >= 0 else { throw FastCGIError.cannotListen(listen, errno) }
        if listen.hasPrefix("/") { chmod(listen, 0o666) }
    }

    private func startWorker(_ index: Int) throws {
        let box = Unmanaged.passRetained(WorkerBox(server: self, index: index))
        var thread = pthread_t()
        workers.increment()
        let rc = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<WorkerBox>.fromOpaque(raw!).takeRetainedValue()
            box.server.workerLoop(box.index)
            return nil
        }, box.toOpaque())
        guard rc == 0 else {
            workers.decrement()
            box.release()
            throw FastCGIError.cannotStartThread(rc)
        }
        pthread_detach(thread)
    }

    private func workerLoop(_ index: Int) {
        defer {
            RunTurns.giveBack() // on shutdown this wakes a thread waiting for a turn, which then exits too
            workers.decrement()
        }
        var request = FCGX_Request()
        // No listening socket for libfcgi: connections come from the poller. Given one that turns out bad
        // (closed before its request), FCGX_Accept_r closes it and would accept the next one itself; on
        // fd -1 that fails at once and the loop asks the poller again.
        guard FCGX_InitRequest(&request, -1, 0) == 0 else {
            log("FCGX_InitRequest failed")
            return
        }
        // The previous request is finished (FCGX_Finish_r below) before waiting for a turn: nginx must
        // not wait for its end while this thread queues.
        while true {
            turns.take()
            guard !stopping.load(ordering: .relaxed), let connection = poller?.next() else { break }
            // FCGX_Accept_r reads a connection it finds open instead of accepting one. It first finishes
            // the previous request, closing the connection unless told it is kept: it is, until the new
            // request's FCGI_BEGIN_REQUEST record says whether nginx keeps it.
            request.ipcFd = connection.fd
            request.keepConnection = 1
            guard FCGX_Accept_r(&request) >= 0 else { continue }
            var raw = RequestDecoder.decode(&request, maxBodyBytes: configuration.maxBodyBytes)
            raw.worker = index
            let response = responder(raw)
            ResponseWriter.write(response, to: request.out)
            if request.keepConnection != 0 {
                // nginx's fastcgi_keep_conn: libfcgi reads the next request from where this one's input
                // stopped and does not skip leftovers, so the input (at least the empty STDIN record) is
                // consumed first. An unread rejected body ends the connection.
                if raw.rejection != nil || !Self.drainInput(request.in) { request.keepConnection = 0 }
            } else if isUnixSocket, raw.rejection == nil, Self.readInputToEnd(request.in, fd: request.ipcFd) {
                FCGX_Detach(&request)
            }
            FCGX_Finish_r(&request) // closes the connection unless nginx keeps it and all went well
            if request.ipcFd >= 0 {
                poller?.park(ConnectionPoller.Connection(fd: request.ipcFd, registered: connection.registered))
                request.ipcFd = -1
            }
        }
        FCGX_Free(&request, 1)
    }
}

extension FastCGIServer {
    /// libfcgi closes a connection with a "lingering close": shutdown, then block in poll() until the
    /// peer closes too (up to 2 s), so that unread input cannot make TCP send a reset that destroys the
    /// response. That costs every request a sleep and a wake-up (15% of the server's CPU time in perf
    /// while polling orders). A unix socket never resets: what we wrote stays readable after our close.
    /// What must not happen is closing while the peer still writes its request (it would get EPIPE), so
    /// on a unix socket, when the request was read whole (no rejection: a too-large body left unread
    /// keeps the lingering close), the input is read up to the empty STDIN record that ends every
    /// request, and only then is the request detached, which makes libfcgi close at once. nginx sends
    /// that record with the request, so it is normally waiting already; a peer that has not sent it
    /// within a millisecond gets the lingering close as before. Returns true when the input ended.
    static func readInputToEnd(_ stream: UnsafeMutablePointer<FCGX_Stream>?, fd: Int32) -> Bool {
        var patience = timeval(tv_sec: 0, tv_usec: 1000)
        guard setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, socklen_t(MemoryLayout<timeval>.size)) == 0 else { return false }
        return drainInput(stream)
    }

    /// Reads and discards the rest of a request's input (at most 64 KiB); true when it reached the end.
    static func drainInput(_ stream: UnsafeMutablePointer<FCGX_Stream>?) -> Bool {
        guard let stream else { return false }
        var scratch = [CChar](repeating: 0, count: 1024)
        var discarded = 0
        return scratch.withUnsafeMutableBufferPointer { buffer in
            while discarded <= 65536 {
                let got = FCGX_GetStr(buffer.baseAddress, Int32(buffer.count), stream)
                if got <= 0 { return FCGX_GetError(stream) == 0 && FCGX_HasSeenEOF(stream) != 0 }
                discarded += Int(got)
            }
            return false
        }
    }

    static func isUnixDomain(_ fd: Int32) -> Bool {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return rc == 0 && Int32(address.ss_family) == AF_UNIX
    }
}

private final class WorkerBox {
    let server: FastCGIServer
    let index: Int
    init(server: FastCGIServer, index: Int) {
        self.server = server
        self.index = index
    }
}

public enum FastCGIError: Error, CustomStringConvertible {
    case initFailed
    case cannotListen(String, Int32)
    case cannotStartThread(Int32)
    case cannotBlockSignals
    case cannotPoll(Int32)

    public var description: String {
        switch self {
        case .initFailed: "FCGX_Init failed"
        case .cannotListen(let address, let code): "cannot listen on \(address): \(String(cString: strerror(code)))"
        case .cannotStartThread(let code): "cannot start a worker thread: \(String(cString: strerror(code)))"
        case .cannotBlockSignals: "cannot block SIGTERM/SIGINT"
        case .cannotPoll(let code): "cannot set up epoll: \(String(cString: strerror(code)))"
        }
    }
}
