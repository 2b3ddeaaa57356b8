import MMDecision
import Synchronization

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
