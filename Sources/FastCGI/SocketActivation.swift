#if canImport(Glibc)
import Glibc
#endif

/// systemd socket activation (sd_listen_fds(3)): the supervisor opened the listening socket and passes
/// it as fd 3 with `LISTEN_FDS=1` and `LISTEN_PID=<our pid>`. The socket then outlives the process, so
/// connections that arrive while the service restarts wait in its backlog instead of being refused, and
/// only the supervisor decides who may connect (SocketUser/SocketGroup/SocketMode).
public enum SocketActivation {
    /// SD_LISTEN_FDS_START: the first passed descriptor.
    public static let firstDescriptor: Int32 = 3

    /// The inherited listening socket, or nil when none was passed to this process (no `LISTEN_PID`, or
    /// one naming another process, e.g. a parent's variables leaking into a child). Unsets the variables,
    /// so processes we start never believe the socket is theirs, and marks the descriptor close-on-exec.
    public static func inheritedListener() throws -> Int32? {
        guard let pidText = variable("LISTEN_PID"), let pid = Int32(pidText), pid == getpid() else { return nil }
        let count = variable("LISTEN_FDS")
        for name in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] { unsetenv(name) }
        guard count == "1" else { throw SocketActivationError.unsupportedCount(count ?? "") }
        let fd = firstDescriptor
        var type: Int32 = 0, listening: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == 0, type == Int32(SOCK_STREAM.rawValue) else {
            throw SocketActivationError.notAStreamSocket
        }
        size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0, listening == 1 else {
            throw SocketActivationError.notListening
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    /// Wakes up to `count` threads blocked in accept() on `fd` by connecting to its own address and
    /// hanging up at once: libfcgi reads EOF, drops the connection, sees the shutdown flag and returns.
    /// Used instead of shutdown(2) for an inherited socket, which is shared with the supervisor: shutting
    /// it down would leave the restarted service a socket that refuses every connection.
    static func wakeAcceptors(of fd: Int32, count: Int) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard named else { return }
        if Int32(storage.ss_family) == AF_INET {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    // A socket bound to every interface is reached through loopback.
                    if address.pointee.sin_addr.s_addr == INADDR_ANY { address.pointee.sin_addr.s_addr = htonl(0x7F00_0001) }
                }
            }
        } else if Int32(storage.ss_family) != AF_UNIX {
            return
        }
        // connect() blocks while the backlog is full; then queued requests wake the workers anyway, so
        // each attempt gets 100 ms at most and shutdown never hangs on it.
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        for _ in 0..<count {
            let client = socket(Int32(storage.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard client >= 0 else { return }
            _ = setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            _ = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) }
            }
            close(client)
        }
    }

    private static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

public enum SocketActivationError: Error, CustomStringConvertible {
    case unsupportedCount(String)
    case notAStreamSocket
    case notListening

    public var description: String {
        switch self {
        case .unsupportedCount(let count): "socket activation passed LISTEN_FDS=\(count); exactly one listening socket is supported"
        case .notAStreamSocket: "socket activation: fd 3 is not a stream socket"
        case .notListening: "socket activation: fd 3 is not a listening socket"
        }
    }
}
