/// Caps on exposure summed over markets: one global cap, and one per neg-risk event (the markets of one
/// event move together, so their positions add up rather than diversify).
public struct ExposureCapSettings: Hashable, Sendable {
    /// Σ |net| over all markets; `nil` = no cap.
    public var global: Quantity?
    /// Σ |net| over the markets of one event; `nil` = no cap.
    public var perEvent: Quantity?

    public init(global: Quantity? = nil, perEvent: Quantity? = nil) {
        self.global = global
        self.perEvent = perEvent
    }
}

/// Every market's net exposure, and the limit each market may use given the others.
///
/// A market's effective limit is the smallest of its own limit, the global cap minus the other markets'
/// |net|, and its event's cap minus the event's other markets' |net|. The quoter then treats it like its
/// own limit: the adding leg shrinks or stops, the reducing leg is never blocked.
public struct ExposureBook: Hashable, Sendable {
    public var settings: ExposureCapSettings
    private(set) var nets: [String: Quantity] = [:]
    private(set) var events: [String: String] = [:]

    public init(settings: ExposureCapSettings) { self.settings = settings }

    /// Registers a market and its event (`nil` for a market outside any neg-risk event).
    public mutating func register(market: String, event: String?) {
        if let event { events[market] = event }
        if nets[market] == nil { nets[market] = .zero }
    }

    public mutating func update(market: String, net: Quantity) { nets[market] = net }

    /// The limit `market` may use now, and which cap bound it (`nil` when its own limit did).
    public func effectiveLimit(market: String, own: Quantity) -> (limit: Quantity, boundBy: String?) {
        var limit = own
        var bound: String?
        if let cap = settings.global {
            let others = nets.filter { $0.key != market }.values.reduce(Int64(0)) { $0 + abs($1.micros) }
            let room = Quantity(micros: max(cap.micros - others, 0))
            if room < limit { (limit, bound) = (room, "global exposure cap \(cap)") }
        }
        if let cap = settings.perEvent, let event = events[market] {
            let others = nets.filter { $0.key != market && events[$0.key] == event }.values.reduce(Int64(0)) { $0 + abs($1.micros) }
            let room = Quantity(micros: max(cap.micros - others, 0))
            if room < limit { (limit, bound) = (room, "event exposure cap \(cap)") }
        }
        return (limit, bound)
    }

    /// Σ |net| over every market.
    public var globalExposure: Quantity { Quantity(micros: nets.values.reduce(0) { $0 + abs($1.micros) }) }
}
