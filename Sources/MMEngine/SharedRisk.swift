import MMCore
import Synchronization

/// The exposure of every market, shared by all engines so each can respect the global and per-event
/// caps. Synchronous (a mutex, held for microseconds) so an engine reads it without an actor hop.
public final class ExposureRegistry: Sendable {
    private let book: Mutex<ExposureBook>

    public init(settings: ExposureCapSettings) { book = Mutex(ExposureBook(settings: settings)) }

    public func register(market: String, event: String?, net: Quantity) {
        book.withLock {
            $0.register(market: market, event: event)
            $0.update(market: market, net: net)
        }
    }

    public func update(market: String, net: Quantity) { book.withLock { $0.update(market: market, net: net) } }

    public func effectiveLimit(market: String, own: Quantity) -> (limit: Quantity, boundBy: String?) {
        book.withLock { $0.effectiveLimit(market: market, own: own) }
    }
}

/// The balance pre-flight: free collateral as the venue last reported it, minus what posts since then
/// committed. A BUY whose cost does not fit is not sent (the venue would refuse it anyway, after a round
/// trip and a rejection on our record). Refreshed from the venue periodically; `nil` until the first
/// refresh, when nothing is blocked.
public final class BalanceGuard: Sendable {
    private let available: Mutex<Int64?>

    public init() { available = Mutex(nil) }

    /// The venue's free collateral in micro-pUSD.
    public func refresh(availableMicros: Int64) { available.withLock { $0 = availableMicros } }

    public var availableMicros: Int64? { available.withLock { $0 } }

    /// Gives back the cost of a BUY that was cancelled.
    public func release(_ cost: Money) { available.withLock { value in value = value.map { $0 + cost.micros } } }

    /// Commits `cost` if it fits; `false` means do not send.
    public func reserve(_ cost: Money) -> Bool {
        available.withLock { value in
            guard let current = value else { return true }
            guard cost.micros <= current else { return false }
            value = current - cost.micros
            return true
        }
    }
}
