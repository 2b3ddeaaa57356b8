import Synchronization

/// Simulated time for a backtest: every component reads it, only the driver moves it.
public final class VirtualClock: Sendable {
    private let milliseconds: Mutex<Int64>

    public init(startMilliseconds: Int64) { milliseconds = Mutex(startMilliseconds) }

    public var now: Int64 { milliseconds.withLock { $0 } }

    public func advance(by delta: Int64) { milliseconds.withLock { $0 += delta } }
}
