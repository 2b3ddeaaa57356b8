/// The minimum price increment of a market, one of the values the venue uses.
///
/// The venue's `ROUNDING_CONFIG` knows 0.1, 0.01, 0.005, 0.0025, 0.001 and 0.0001. A market's tick can
/// change while it trades (`tick_size_change` when the price nears 0 or 1), so quotes are always
/// re-gridded on the live value.
public struct TickSize: Hashable, Sendable, CustomStringConvertible {
    /// The increment in micro-pUSD.
    public let micros: Int64

    /// Every tick size the venue's rounding configuration lists.
    public static let all: [TickSize] = [
        TickSize(unchecked: 100_000), TickSize(unchecked: 10_000), TickSize(unchecked: 5_000),
        TickSize(unchecked: 2_500), TickSize(unchecked: 1_000), TickSize(unchecked: 100),
    ]
    public static let tenth = TickSize(unchecked: 100_000)
    public static let hundredth = TickSize(unchecked: 10_000)
    public static let thousandth = TickSize(unchecked: 1_000)
    public static let tenThousandth = TickSize(unchecked: 100)

    private init(unchecked micros: Int64) { self.micros = micros }

    /// A tick size from micro-units, or `nil` when the venue does not use it.
    public init?(micros: Int64) {
        guard Self.all.contains(where: { $0.micros == micros }) else { return nil }
        self.micros = micros
    }

    /// Parses the venue's string form, e.g. `"0.01"`.
    public init(_ text: some StringProtocol) throws(FixedPointError) {
        let micros = try FixedPoint.parseMicros(text)
        guard let tick = TickSize(micros: micros) else { throw .unknownTickSize(String(text)) }
        self = tick
    }

    /// Price decimals of the venue's rounding configuration for this tick (0.0025 → 4, 0.005 → 3).
    public var priceDecimals: Int {
        var decimals = 0
        var step = FixedPoint.scale
        while step > 1, micros % step != 0 {
            step /= 10
            decimals += 1
        }
        return decimals
    }

    /// Rounds `micros` onto the grid `k × tick` by `rule`.
    @inlinable
    public func round(_ value: Int64, _ rule: RoundingRule) -> Int64 {
        FixedPoint.multiplyDivide(value, 1, dividingBy: micros, rounding: rule)! * micros
    }

    /// Whether `price` lies on this grid.
    @inlinable
    public func isOnGrid(_ price: Price) -> Bool { price.micros % micros == 0 }

    /// The lowest and highest tradable prices on this grid: tick and 1 − tick.
    public var minimumPrice: Price { Price(micros: micros)! }
    public var maximumPrice: Price { Price(micros: FixedPoint.scale - micros)! }

    /// Rounds to the grid and clamps into [tick, 1 − tick], or `nil` when the rounded value left (0, 1)
    /// in a way clamping would misrepresent (callers treat that side as not quotable).
    @inlinable
    public func gridPrice(_ value: Int64, _ rule: RoundingRule) -> Price? {
        let rounded = round(value, rule)
        guard rounded >= micros, rounded <= FixedPoint.scale - micros else { return nil }
        return Price(micros: rounded)
    }

    public var description: String { FixedPoint.format(micros: micros) }
}
