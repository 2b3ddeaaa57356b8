import Synchronization

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

    /// Inputs waiting (a growing mailbox is an engine falling behind; exported as a metric).
    var depth: Int { state.withLock { $0.queue.count } }

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
}
