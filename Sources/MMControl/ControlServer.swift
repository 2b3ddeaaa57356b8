import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

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

    public init(uids: Set<UInt32> = [], gids: Set<UInt32> = []) {
        self.uids = uids
        self.gids = gids
    }

    public func allows(_ peer: PeerCredentials) -> Bool {
        if peer.uid == 0 || peer.uid == getuid() || uids.contains(peer.uid) || gids.contains(peer.gid) { return true }
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

/// The Unix-domain control socket: many concurrent clients, one JSON request per line, answered in
/// order per connection. Bad input gets an error response and the connection stays open.
public struct ControlServer: Service {
    public let path: String
    public let group: String?
    public let access: ControlAccess
    let handler: ControlHandler
    let logger: Logger
    let onListening: @Sendable () async -> Void

    public init(
        path: String, group: String? = nil, access: ControlAccess = ControlAccess(), logger: Logger, onListening: @escaping @Sendable () async -> Void = {},
        handler: @escaping ControlHandler
    ) {
        self.path = path
        self.group = group
        self.access = access
        self.logger = logger
        self.onListening = onListening
        self.handler = handler
    }

    public func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try secureSocketFile()
        logger.notice("control socket listening", metadata: ["path": "\(path)"])
        await onListening()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await serve(connection) }
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

    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let peer = await Self.peer(of: connection.channel)
        do {
            try await connection.executeThenClose { inbound, outbound in
                guard let peer, access.allows(peer) else {
                    logger.warning("control client refused", metadata: ["uid": "\(peer?.uid ?? UInt32.max)", "pid": "\(peer?.pid ?? -1)"])
                    let refusal = ControlResponse(id: .null, outcome: .failure(ControlError(.permissionDenied, "uid \(peer?.uid ?? UInt32.max) may not use this daemon")))
                    try await outbound.write(ByteBuffer(string: refusal.line + "\n"))
                    return
                }
                var framer = LineFramer()
                for try await chunk in inbound {
                    for frame in framer.append(chunk.readableBytesView) {
                        let response = await respond(to: frame, peer: peer)
                        try await outbound.write(ByteBuffer(string: response.line + "\n"))
                    }
                }
            }
        } catch {
            logger.debug("control connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// One frame in, one response out. Never throws: every problem is an error response.
    public func respond(to frame: LineFramer.Frame, peer: PeerCredentials) async -> ControlResponse {
        switch frame {
        case .tooLong:
            return ControlResponse(id: .null, outcome: .failure(ControlError(.lineTooLong, "a request line is at most \(ControlProtocol.maximumLineBytes) bytes")))
        case .line(let bytes):
            switch ControlRequest.parse(bytes) {
            case .failure(let failure):
                return ControlResponse(id: failure.id, outcome: .failure(failure.error))
            case .success(let request):
                let command: ControlCommand
                do { command = try ControlCommand.parse(request) } catch { return ControlResponse(id: request.id, outcome: .failure(error)) }
                return ControlResponse(id: request.id, outcome: await handler(command, peer))
            }
        }
    }

    static func peer(of channel: any Channel) async -> PeerCredentials? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        let credentials: KernelPeerCredentials? = try? await provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED)).get()
        return credentials.map { PeerCredentials(pid: $0.pid, uid: $0.uid, gid: $0.gid) }
    }
}

/// `struct ucred` from <sys/socket.h> (pid_t, uid_t, gid_t), which Glibc's module does not export
/// without _GNU_SOURCE: the same layout, read by `getsockopt(SO_PEERCRED)`.
struct KernelPeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
