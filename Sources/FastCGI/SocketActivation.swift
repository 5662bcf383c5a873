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
