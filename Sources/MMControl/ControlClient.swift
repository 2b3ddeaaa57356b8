import Foundation

/// A blocking client for the control socket (mmctl is a one-shot CLI; tests use it from tasks).
public final class ControlClient {
    public enum Failure: Error, CustomStringConvertible, Sendable {
        /// No daemon listening at the path (no file, or nobody accepting).
        case notRunning(path: String, reason: String)
        /// The socket's permissions refuse us.
        case accessDenied(path: String)
        case io(String)

        public var description: String {
            switch self {
            case .notRunning(let path, let reason):
                "mmd is not running (no control socket at \(path): \(reason)). Start it with `systemctl start mmd`, or pass --socket."
            case .accessDenied(let path):
                "permission denied on \(path): add yourself to the mmd group (`usermod -aG mmd $USER`, then log in again) or run as root"
            case .io(let reason): "control socket: \(reason)"
            }
        }
    }

    let fd: Int32
    private var framer = LineFramer(maximumBytes: 64 << 20)
    private var pending: [[UInt8]] = []
    private var nextID: Int64 = 1

    public init(path: String, timeoutSeconds: Int = 30) throws(Failure) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .io("the socket path is longer than 107 bytes: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .io("socket() failed: errno \(errno)") }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if connected != 0 {
            let error = errno
            close(fd)
            switch error {
            case EACCES, EPERM: throw .accessDenied(path: path)
            case ENOENT, ECONNREFUSED, ENOTDIR: throw .notRunning(path: path, reason: String(cString: strerror(error)))
            default: throw .io("connect(\(path)) failed: \(String(cString: strerror(error)))")
            }
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    deinit { close(fd) }

    /// Sends raw bytes (tests use it for arbitrary chunkings and garbage).
    public func send(raw bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw .io("write failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// Half-closes the connection (`shutdown(SHUT_WR)`): the daemon still answers every line sent so far.
    public func finishSending() throws(Failure) {
        guard shutdown(fd, Int32(SHUT_WR)) == 0 else { throw .io("shutdown failed: \(String(cString: strerror(errno)))") }
    }

    /// Reads the next response line.
    public func readLine() throws(Failure) -> [UInt8] {
        while pending.isEmpty {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = read(fd, &buffer, buffer.count)
            if count == 0 { throw .io("the daemon closed the connection") }
            if count < 0 { throw .io(errno == EAGAIN ? "no answer within the timeout" : "read failed: \(String(cString: strerror(errno)))") }
            for frame in framer.append(buffer[..<count]) { if case .line(let line) = frame { pending.append(line) } }
        }
        return pending.removeFirst()
    }

    /// Sends one request and waits for its answer.
    public func call(_ command: String, _ arguments: [String: JSONValue] = [:]) throws(Failure) -> Result<JSONValue, ControlError> {
        let id = nextID
        nextID += 1
        let request = ControlRequest(id: .integer(id), command: command, arguments: arguments)
        try send(raw: Array((request.line + "\n").utf8))
        let line = try readLine()
        do { return try ControlResponse.parse(line).outcome } catch { return .failure(error) }
    }
}
