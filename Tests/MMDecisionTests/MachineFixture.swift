import MMCore
import MMDecision

/// A market, settings and helpers shared by the machine's tests: everything synchronous, time explicit.
enum Fixture {
    static let start: Int64 = 1_780_000_000_000

    static let market = EngineMarket(
        id: "0x" + String(repeating: "cd", count: 32), yesToken: "1", noToken: "2", tick: .hundredth, negRisk: false,
        rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5)), venueMinimumSize: Quantity(shares: 5))

    static func settings(expirySeconds: Int64? = nil, stopLoss: StopLossSettings = StopLossSettings(), limit: Int64 = 10) -> MarketMachineSettings {
        MarketMachineSettings(
            quoter: QuoterSettings(
                orderSize: Quantity(shares: 5), spreadFraction: Ratio(micros: 500_000), maxNetExposure: Quantity(shares: limit),
                venueMinimumSize: Quantity(shares: 5), skew: SkewSettings()),
            rebalanceThreshold: 5_000, volatility: VolatilitySettings(isEnabled: false), stopLoss: stopLoss,
            baitDefence: BaitDefenceSettings(isEnabled: false), legCooldownMilliseconds: 1_000, orderExpirySeconds: expirySeconds)
    }

    static func machine(expirySeconds: Int64? = nil, stopLoss: StopLossSettings = StopLossSettings(), limit: Int64 = 10) -> MarketMachine {
        MarketMachine(market: market, settings: settings(expirySeconds: expirySeconds, stopLoss: stopLoss, limit: limit), ledger: PositionLedger(), clientPrefix: "m")
    }

    static func price(_ text: String) -> Price { Price(micros: try! FixedPoint.parseMicros(text))! }

    static func book(bid: String, ask: String, size: Int64 = 100) -> MarketInput {
        .bookSnapshot(
            OrderBook(bids: [BookLevel(price: price(bid), size: Quantity(shares: size))], asks: [BookLevel(price: price(ask), size: Quantity(shares: size))]),
            outcome: .yes)
    }

    static func fill(trade: String, order: String, outcome: Outcome, side: Side, price: String, shares: Int64, at time: Int64) -> MarketFill {
        MarketFill(
            fill: Fill(
                key: FillKey(tradeID: trade, orderID: order), outcome: outcome, side: side, price: Self.price(price), size: Quantity(shares: shares),
                timestampMilliseconds: time, status: .matched),
            assetID: outcome == .yes ? "1" : "2", isTaker: false)
    }
}

extension [MarketAction] {
    /// The order requests of every post, in order.
    var posts: [OrderRequest] { flatMap { action -> [OrderRequest] in if case .post(let requests) = action { requests } else { [] } } }
    /// The ids of every cancel, in order.
    var cancels: [String] { flatMap { action -> [String] in if case .cancel(let ids) = action { ids } else { [] } } }
    /// Actions other than logs.
    var effects: [MarketAction] { filter { if case .log = $0 { false } else { true } } }
    var riskKinds: [String] { compactMap { if case .riskEvent(let kind, _) = $0 { kind } else { nil } } }
}

extension MarketMachine {
    /// Accepts every request of a post as the venue would, with order ids derived from the client ids.
    mutating func accept(_ requests: [OrderRequest], now: Int64) -> [MarketAction] {
        handle(.posted(requests.map { PostResult(clientID: $0.clientID, orderID: "o-\($0.clientID)", outcome: .accepted(status: "live")) }), now: now)
    }

    /// Confirms a cancel of every id.
    mutating func confirmCancel(_ ids: [String], now: Int64) -> [MarketAction] {
        handle(.cancelled(.answered(canceled: ids, notCanceled: [:], requested: ids)), now: now)
    }
}
