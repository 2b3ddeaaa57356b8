import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Who is on the other end of a connection, from the kernel (`SO_PEERCRED`), not from the client.
public struct PeerCredentials: Sendable, Hashable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }
}

/// Who may use the control socket. The daemon's own uid and root always may; others need a listed uid,
/// a listed primary gid, or membership of a listed group. The socket's mode (0660) and group are the
/// first line of defence; this check is the second.
public struct ControlAccess: Sendable, Hashable {
    public var uids: Set<UInt32>
    public var gids: Set<UInt32>
    /// Always allowed, and always given a lifeline over the connection cap: root and the daemon's own uid
    /// (tests pass none, to play an outsider or a mere group member from their own uid).
    public var trusted: Set<UInt32>

    public init(uids: Set<UInt32> = [], gids: Set<UInt32> = [], trusted: Set<UInt32> = [0, getuid()]) {
        self.uids = uids
        self.gids = gids
        self.trusted = trusted
    }

    public func allows(_ peer: PeerCredentials) -> Bool {
        if trusted.contains(peer.uid) || uids.contains(peer.uid) || gids.contains(peer.gid) { return true }
        return Self.groups(of: peer.uid).contains { gids.contains($0) }
    }

    /// Supplementary groups of a user, from the group database.
    static func groups(of uid: UInt32) -> [UInt32] {
        guard let passwd = getpwuid(uid), let name = passwd.pointee.pw_name else { return [] }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: 64)
        guard getgrouplist(name, passwd.pointee.pw_gid, &groups, &count) >= 0 else { return [] }
        return Array(groups.prefix(Int(count)))
    }
}

/// Answers one request: the daemon's side of the protocol.
public typealias ControlHandler = @Sendable (ControlCommand, PeerCredentials) async -> Result<JSONValue, ControlError>

/// Bounds on the control socket's connections (docs/control-protocol.md, "Connection limits").
public struct ControlLimits: Sendable, Hashable {
    /// Connections served in full at once; beyond it a connection is a lifeline (one `status`, `version`
    /// or `halt`, then closed). As many lifelines again may be open; root and the daemon's own uid always get one.
    public var maximumConnections: Int
    /// A connection without a complete request for this long is closed.
    public var idleTimeoutSeconds: Int
    /// How long a lifeline connection has to send its request.
    public var lifelineSeconds: Int

    public init(
        maximumConnections: Int = ControlProtocol.defaultMaximumConnections, idleTimeoutSeconds: Int = ControlProtocol.defaultIdleTimeoutSeconds,
        lifelineSeconds: Int = ControlProtocol.lifelineSeconds
    ) {
        self.maximumConnections = maximumConnections
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.lifelineSeconds = lifelineSeconds
    }
}

/// The Unix-domain control socket: many concurrent clients, one JSON request per line, answered in
/// order per connection. Bad input gets an error response and the connection stays open. A peer that
/// half-closes still gets every answer. Connections are capped and idle ones closed, and over the cap
/// `status`, `version` and `halt` still get through (``ControlLimits``), so no client can lock out `mmctl halt`.
public struct ControlServer: Service {
    public let path: String
    public let group: String?
    public let access: ControlAccess
    public let limits: ControlLimits
    let handler: ControlHandler
    let logger: Logger
    let onListening: @Sendable () async -> Void

    public init(
        path: String, group: String? = nil, access: ControlAccess = ControlAccess(), limits: ControlLimits = ControlLimits(), logger: Logger,
        onListening: @escaping @Sendable () async -> Void = {}, handler: @escaping ControlHandler
    ) {
        self.path = path
        self.group = group
        self.access = access
        self.limits = limits
        self.logger = logger
        self.onListening = onListening
        self.handler = handler
    }

    /// A connection as accepted: its peer read from the kernel at accept time, before the peer can
    /// half-close or go away (a closed socket has no credentials to read).
    ///
    /// A class, so that a connection accepted but never served is still closed: when the server stops
    /// (a cancellation or a graceful shutdown) while clients keep connecting, the accepted connections
    /// still buffered in the listener's stream are dropped, and a wrapped channel whose writer was never
    /// finished is a fatal error in NIO (the daemon crashed at exit with `mmctl` clients connecting).
    final class Accepted: Sendable {
        let peer: PeerCredentials?
        let connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        /// Set when a session takes the connection over (it closes it then).
        let served = Atomic<Bool>(false)

        init(peer: PeerCredentials?, connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) {
            self.peer = peer
            self.connection = connection
        }

        deinit {
            guard !served.load(ordering: .acquiring) else { return }
            let connection = self.connection
            Task { try? await connection.executeThenClose { _, _ in } }
        }
    }

    public func run() async throws {
        // The listen backlog stays NIO's 128: under a connect flood a longer accept queue only makes `status`
        // wait behind more hostile connections (measured: 1024 made it ×8 slower). A blocking connect
        // (mmctl, socat) waits for room; a non-blocking one gets EAGAIN and retries.
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            // Without it NIO closes the whole socket at the peer's EOF, and `echo '{…}' | socat` never sees its answer.
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { channel in
                Self.peer(of: channel).flatMapThrowing { peer in
                    Accepted(
                        peer: peer,
                        connection: try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true)))
                }
            }
        try secureSocketFile()
        logger.notice("control socket listening", metadata: ["path": "\(path)", "max_connections": "\(limits.maximumConnections)"])
        await onListening()
        let gate = ConnectionGate(maximum: limits.maximumConnections)
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await accepted in connections {
                        group.addTask { await serve(accepted, gate: gate) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Mode 0660 and the configured group: only the daemon's user and that group can connect.
    func secureSocketFile() throws {
        guard chmod(path, 0o660) == 0 else { throw ControlError(.failed, "cannot set the mode of \(path): errno \(errno)") }
        if let group {
            guard let entry = getgrnam(group) else { throw ControlError(.failed, "control socket group '\(group)' does not exist") }
            guard chown(path, getuid(), entry.pointee.gr_gid) == 0 else {
                throw ControlError(.failed, "cannot give \(path) to group '\(group)': errno \(errno) (is the daemon a member of it?)")
            }
        }
    }

    func serve(_ accepted: Accepted, gate: ConnectionGate) async {
        accepted.served.store(true, ordering: .releasing)
        let channel = accepted.connection.channel
        let deadline = Deadline(channel: channel)
        defer { deadline.disarm() }
        let uid = accepted.peer.map { "\($0.uid)" } ?? "unknown"
        let pid = accepted.peer.map { "\($0.pid)" } ?? "unknown"
        do {
            try await accepted.connection.executeThenClose { inbound, outbound in
                var session = Session(inbound: inbound.makeAsyncIterator(), outbound: outbound, deadline: deadline)
                guard let peer = accepted.peer else {
                    logger.error("control connection without peer credentials (SO_PEERCRED failed); closed")
                    try await session.finish(with: ControlResponse(id: .null, outcome: .failure(ControlError(.failed, "mmd could not read this connection's credentials"))))
                    return
                }
                guard access.allows(peer) else {
                    logger.warning("control client refused", metadata: ["uid": "\(uid)", "pid": "\(pid)"])
                    try await session.finish(with: ControlResponse(id: .null, outcome: .failure(ControlError(.permissionDenied, "uid \(peer.uid) may not use this daemon"))))
                    return
                }
                let (admission, reachedCap) = gate.admit(privileged: access.trusted.contains(peer.uid))
                defer { gate.release(admission) }
                if reachedCap {
                    logger.warning("control socket at its connection cap: further connections answer only status, version and halt", metadata: ["max_connections": "\(limits.maximumConnections)"])
                }
                switch admission {
                case .full: try await session.serve(limits.idleTimeoutSeconds) { await respond(to: $0, peer: peer) }
                case .lifeline: try await session.serveOne(limits.lifelineSeconds) { await respond(to: $0, peer: peer, only: ControlProtocol.lifelineCommands) }
                case .busy: try await session.finish(with: ControlResponse(id: .null, outcome: .failure(busy)))
                }
                if session.timedOut { logger.debug("control connection closed: no request in time", metadata: ["uid": "\(uid)", "pid": "\(pid)"]) }
            }
        } catch {
            logger.debug("control connection ended", metadata: ["error": "\(error)", "uid": "\(uid)", "pid": "\(pid)"])
        }
    }

    var busy: ControlError {
        ControlError(.busy, "mmd has \(limits.maximumConnections) control connections open (control.maxConnections); this one answers only status, version and halt, then closes")
    }

    /// One frame in, one response out. Never throws: every problem is an error response. With `only`, other
    /// commands are answered `busy` (a lifeline connection over the cap).
    public func respond(to frame: LineFramer.Frame, peer: PeerCredentials, only: Set<String>? = nil) async -> ControlResponse {
        switch frame {
        case .tooLong:
            return ControlResponse(id: .null, outcome: .failure(ControlError(.lineTooLong, "a request line is at most \(ControlProtocol.maximumLineBytes) bytes")))
        case .line(let bytes):
            switch ControlRequest.parse(bytes) {
            case .failure(let failure):
                return ControlResponse(id: failure.id, outcome: .failure(failure.error))
            case .success(let request):
                if let only, !only.contains(request.command) { return ControlResponse(id: request.id, outcome: .failure(busy)) }
                let command: ControlCommand
                do { command = try ControlCommand.parse(request) } catch { return ControlResponse(id: request.id, outcome: .failure(error)) }
                return ControlResponse(id: request.id, outcome: await handler(command, peer))
            }
        }
    }

    /// The peer's credentials, read on the event loop as the connection is accepted.
    static func peer(of channel: any Channel) -> EventLoopFuture<PeerCredentials?> {
        guard let provider = channel as? any SocketOptionProvider else { return channel.eventLoop.makeSucceededFuture(nil) }
        let credentials: EventLoopFuture<KernelPeerCredentials> = provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return credentials.map { Optional(PeerCredentials(pid: $0.pid, uid: $0.uid, gid: $0.gid)) }.recover { _ in nil }
    }
}

/// `struct ucred` from <sys/socket.h> (pid_t, uid_t, gid_t), which Glibc's module does not export
/// without _GNU_SOURCE: the same layout, read by `getsockopt(SO_PEERCRED)`.
struct KernelPeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
