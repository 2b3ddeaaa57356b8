import MMDecision
import Synchronization

/// When an engine's machine next needs a timer tick (Unix ms). The scheduler reads it without an actor
/// hop and wakes only the engines that are due, so a quiet market costs nothing per tick and a thousand
/// markets do not mean a thousand actor calls every 50 ms.
public final class WakeTime: Sendable {
    private let value: Mutex<Int64>

    public init(_ milliseconds: Int64) { value = Mutex(milliseconds) }

    public func set(_ milliseconds: Int64) { value.withLock { $0 = milliseconds } }

    public var milliseconds: Int64 { value.withLock { $0 } }

    public func isDue(_ now: Int64) -> Bool { value.withLock { $0 <= now } }
}

/// Every input an engine's machine handled, with its time and the actions it produced: a replay of the
/// inputs through a fresh machine must produce the same actions (the determinism the backtest and the
/// daemon rely on).
public final class MachineRecorder: Sendable {
    public struct Step: Sendable, Hashable {
        public var input: MarketInput
        public var now: Int64
        public var actions: [MarketAction]
    }

    private let steps = Mutex<[Step]>([])
    private let initial = Mutex<MarketMachine?>(nil)

    public init() {}

    /// The machine as it was before its first input: a replay starts from a copy of it.
    public var origin: MarketMachine? { initial.withLock { $0 } }

    func start(_ machine: MarketMachine) { initial.withLock { $0 = machine } }

    func record(_ input: MarketInput, now: Int64, actions: [MarketAction]) {
        steps.withLock { $0.append(Step(input: input, now: now, actions: actions)) }
    }

    public var recorded: [Step] { steps.withLock { $0 } }
}

/// An engine's inbox for venue messages: the feeds hand messages over without waiting for the engine,
/// so one market busy storing a fill never holds up another market's messages (and concurrent fills
/// of many markets meet in one group commit), while each engine still sees its messages in order.
final class Mailbox: Sendable {
    private struct State {
        var queue: [EngineInput] = []
        var draining = false
    }

    private let state = Mutex(State())

    /// Queues `input`; `true` when the caller must start draining (nobody is).
    func put(_ input: EngineInput) -> Bool {
        state.withLock { state in
            state.queue.append(input)
            if state.draining { return false }
            state.draining = true
            return true
        }
    }

    /// Everything queued so far, oldest first; empty (and draining over) when nothing is left.
    func take() -> [EngineInput] {
        state.withLock { state in
            if state.queue.isEmpty {
                state.draining = false
                return []
            }
            defer { state.queue.removeAll(keepingCapacity: true) }
            return state.queue
        }
    }

    var depth: Int { state.withLock { $0.queue.count } }
}
