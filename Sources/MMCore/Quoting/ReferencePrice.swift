/// A slow reference for the mid: an exponentially weighted mean whose weight halves every `halfLife`,
/// updated at irregular times. Exact integer arithmetic: the weight of a step of dt is dt / (dt + τ) with
/// τ = halfLife / ln 2 (a first-order approximation of 1 − 2^(−dt/halfLife), within 4 % for dt up to a
/// half-life: the machine updates it about once a second against half-lives of minutes).
public struct ReferencePrice: Hashable, Sendable {
    public let halfLifeMilliseconds: Int64
    /// The mean in micro-pUSD; `nil` until the first observation.
    public private(set) var micros: Int64?
    private var lastMilliseconds: Int64 = 0

    public init(halfLifeMilliseconds: Int64) {
        self.halfLifeMilliseconds = max(halfLifeMilliseconds, 1)
    }

    /// τ = halfLife / ln 2, with 1 / ln 2 ≈ 1.442695.
    var timeConstantMilliseconds: Int64 { halfLifeMilliseconds * 1_442_695 / 1_000_000 }

    /// Moves the mean toward `price`, by the weight the time since the last observation earns.
    public mutating func observe(_ price: Price, nowMilliseconds now: Int64) {
        guard let current = micros else {
            micros = price.micros
            lastMilliseconds = now
            return
        }
        let elapsed = max(now - lastMilliseconds, 0)
        guard elapsed > 0 else { return }
        lastMilliseconds = now
        let step = FixedPoint.multiplyDivide(price.micros - current, elapsed, dividingBy: elapsed + timeConstantMilliseconds, rounding: .nearestEven) ?? 0
        micros = current + step
    }

    public var price: Price? { micros.flatMap { Price(micros: $0) } }
}
