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
