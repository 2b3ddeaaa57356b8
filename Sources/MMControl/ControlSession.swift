import NIOCore
import Synchronization

/// One connection's reading and writing, with the deadlines that keep a silent peer from holding it.
struct Session {
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let deadline: Deadline

    /// The deadline closed the connection (no complete request in time).
    var timedOut: Bool { deadline.fired }

    /// Full service: every line answered in order until the peer's EOF, then the final line without a
    /// newline, if any. The idle deadline runs only while waiting for a request, not while one is handled
    /// (a `halt` may take seconds).
    mutating func serve(_ idleSeconds: Int, respond: (LineFramer.Frame) async -> ControlResponse) async throws {
        var framer = LineFramer()
        deadline.arm(seconds: idleSeconds)
        while let chunk = try await inbound.next() {
            let frames = framer.append(chunk.readableBytesView)
            guard !frames.isEmpty else { continue }
            deadline.disarm()
            for frame in frames { try await write(await respond(frame)) }
            deadline.arm(seconds: idleSeconds)
        }
        deadline.disarm()
        guard !deadline.fired else { return }
        for frame in framer.finish() { try await write(await respond(frame)) }
    }

    /// A lifeline (over the cap): one request within `seconds`, its answer, then the connection closes.
    mutating func serveOne(_ seconds: Int, respond: (LineFramer.Frame) async -> ControlResponse) async throws {
        var framer = LineFramer()
        deadline.arm(seconds: seconds)
        var frame: LineFramer.Frame?
        while frame == nil, let chunk = try await inbound.next() { frame = framer.append(chunk.readableBytesView).first }
        if frame == nil, !deadline.fired { frame = framer.finish().first }
        guard let frame else { return }
        deadline.disarm()
        try await finish(with: await respond(frame))
    }

    /// Writes a last line, half-closes our side (the peer reads the line, then EOF) and waits, bounded, for
    /// the peer's EOF while discarding what it still sends. Closing at once would reset a peer that is still
    /// writing its request (EPIPE/ECONNRESET) before it ever reads the line.
    mutating func finish(with response: ControlResponse) async throws {
        try await write(response)
        outbound.finish()
        deadline.arm(seconds: ControlProtocol.closingGraceSeconds)
        while try await inbound.next() != nil {}
        deadline.disarm()
    }

    func write(_ response: ControlResponse) async throws {
        try await outbound.write(ByteBuffer(string: response.line + "\n"))
    }
}

/// Closes a connection when armed and not disarmed in time; thread-safe (armed from the connection's
/// task, fired on its event loop).
final class Deadline: Sendable {
    let channel: any Channel
    private let state = Mutex<(task: Scheduled<Void>?, fired: Bool)>((nil, false))

    init(channel: any Channel) { self.channel = channel }

    var fired: Bool { state.withLock { $0.fired } }

    func arm(seconds: Int) {
        let task = channel.eventLoop.scheduleTask(in: .seconds(Int64(seconds))) { [self] in
            state.withLock { $0.fired = true }
            channel.close(promise: nil)
        }
        state.withLock { state in
            state.task?.cancel()
            state.task = task
        }
    }

    func disarm() {
        state.withLock { state in
            state.task?.cancel()
            state.task = nil
        }
    }
}

/// How a connection is admitted.
enum Admission: Sendable {
    /// Under the cap: served in full.
    case full
    /// Over the cap: one `status`, `version` or `halt`, then closed.
    case lifeline
    /// Over the cap and the lifelines too: a `busy` line, then closed.
    case busy
}

/// Counts open connections against the cap. Lifelines are capped at the same number, except for root and
/// the daemon's own uid, who always get one: `sudo mmctl halt` gets through whatever the group's members do.
final class ConnectionGate: Sendable {
    let maximum: Int
    private let counts = Mutex<(full: Int, lifeline: Int, warned: ContinuousClock.Instant?)>((0, 0, nil))

    init(maximum: Int) { self.maximum = maximum }

    /// The admission, and whether this connection just reached the cap: worth a warning, at most one a
    /// minute (a flood churning at the cap must not flood the journal too).
    func admit(privileged: Bool) -> (Admission, reachedCap: Bool) {
        counts.withLock { counts in
            if counts.full < maximum {
                counts.full += 1
                guard counts.full == maximum else { return (.full, false) }
                let now = ContinuousClock.now
                if let warned = counts.warned, now - warned < .seconds(60) { return (.full, false) }
                counts.warned = now
                return (.full, true)
            }
            if counts.lifeline < maximum || privileged {
                counts.lifeline += 1
                return (.lifeline, false)
            }
            return (.busy, false)
        }
    }

    func release(_ admission: Admission) {
        counts.withLock { counts in
            switch admission {
            case .full: counts.full -= 1
            case .lifeline: counts.lifeline -= 1
            case .busy: break
            }
        }
    }
}
