import MMCore
import MMEngine
import MMPersistence

/// The JSON the dashboard's APIs answer with. Every amount is an integer of micro-units (prices in
/// micro-pUSD on the YES view, sizes and positions in micro-shares, P&L in micro-pUSD, shares of the reward
/// pool in millionths); the page formats them. Field names are snake_case, like the control protocol's.
struct OverviewRow: Codable, Sendable, Equatable {
    var market: String
    var name: String?
    var state: String
    var mid: Int64?
    var bestBid: Int64?
    var bestAsk: Int64?
    var ourBid: Int64?
    var ourAsk: Int64?
    var yes: Int64
    var no: Int64
    var net: Int64
    var limit: Int64
    var realized: Int64
    var unrealized: Int64
    var rewards: Int64
    var pnl: Int64
    /// Our share of the reward pool now, millionths.
    var rewardShare: Int64
    var rewardDailyRate: Int64
    var scores: Bool
    var twoSided: Bool
    var fills: Int

    enum CodingKeys: String, CodingKey {
        case market, name, state, mid, yes, no, net, limit, realized, unrealized, rewards, pnl, scores, fills
        case bestBid = "best_bid", bestAsk = "best_ask", ourBid = "our_bid", ourAsk = "our_ask", rewardShare = "reward_share"
        case rewardDailyRate = "reward_daily_rate", twoSided = "two_sided"
    }
}

extension OverviewRow {
    init(_ view: DashboardView, name: String?) {
        market = view.market
        self.name = name
        state = view.riskState.rawValue
        mid = view.mid?.micros
        bestBid = view.book.bestBid?.price.micros
        bestAsk = view.book.bestAsk?.price.micros
        ourBid = view.ourBid?.micros
        ourAsk = view.ourAsk?.micros
        yes = view.inventory.yes.micros
        no = view.inventory.no.micros
        net = view.inventory.net.micros
        limit = view.limit.micros
        realized = view.realized.micros
        unrealized = view.unrealized.micros
        rewards = view.rewardsEarned.micros
        pnl = view.total.micros
        rewardShare = view.rewardShareMicros
        rewardDailyRate = view.rewards.dailyRate.micros
        scores = view.isScoring
        twoSided = view.isTwoSided
        fills = view.fillsApplied
    }

    /// The row as one point of the time series.
    func sample(at now: Int64) -> MarketSample {
        MarketSample(
            market: market, atMilliseconds: now, mid: mid, bestBid: bestBid, bestAsk: bestAsk, ourBid: ourBid, ourAsk: ourAsk, yes: yes, no: no, net: net,
            realized: realized, unrealized: unrealized, rewards: rewards, total: pnl)
    }
}

/// `/api/overview`: one page of the markets, sorted and filtered, with totals over every market.
struct OverviewPage: Codable, Sendable {
    var total: Int
    var matched: Int
    var offset: Int
    var limit: Int
    var sort: String
    var descending: Bool
    var sampledAt: Int64?
    var totals: Totals
    var rows: [OverviewRow]

    struct Totals: Codable, Sendable {
        var markets: Int
        var quoting: Int
        var pnl: Int64
        var realized: Int64
        var unrealized: Int64
        var rewards: Int64
        /// Σ |net|, micro-shares.
        var grossNet: Int64
        var fills: Int
        var byState: [String: Int]

        enum CodingKeys: String, CodingKey {
            case markets, quoting, pnl, realized, unrealized, rewards, fills
            case grossNet = "gross_net", byState = "by_state"
        }
    }

    enum CodingKeys: String, CodingKey {
        case total, matched, offset, limit, sort, descending, totals, rows
        case sampledAt = "sampled_at"
    }
}

/// `/api/markets/{id}`: one market in full.
struct MarketDetail: Codable, Sendable {
    struct Level: Codable, Sendable {
        var price: Int64
        var size: Int64
        /// Our resting size at this price on this side (YES view), micro-shares.
        var ours: Int64
    }

    struct Order: Codable, Sendable {
        var orderID: String?
        var leg: String
        var outcome: String
        var side: String
        var price: Int64
        var yesPrice: Int64
        var remaining: Int64
        var state: String
        var since: Int64
        var scores: Bool
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case leg, outcome, side, price, remaining, state, since, scores, reason
            case orderID = "order_id", yesPrice = "yes_price"
        }
    }

    struct Fill: Codable, Sendable {
        var tradeID: String
        var orderID: String
        var outcome: String
        var side: String
        var price: Int64
        var yesPrice: Int64
        var size: Int64
        var status: String
        var taker: Bool
        var time: Int64
        /// Markout per share by horizon ("1s", "10s", "60s"), micro-pUSD.
        var markouts: [String: Int64]

        enum CodingKeys: String, CodingKey {
            case outcome, side, price, size, status, taker, time, markouts
            case tradeID = "trade_id", orderID = "order_id", yesPrice = "yes_price"
        }
    }

    struct RiskEvent: Codable, Sendable {
        var kind: String
        var reason: String
        var time: Int64
    }

    var row: OverviewRow
    var strategy: String
    var scoring: String
    var halt: String?
    var tick: Int64
    var rewardMid: Int64?
    var rewardMaxSpread: Int64
    var rewardMinSize: Int64
    var bids: [Level]
    var asks: [Level]
    var orders: [Order]
    var fills: [Fill]
    var riskEvents: [RiskEvent]
    var now: Int64

    enum CodingKeys: String, CodingKey {
        case row, strategy, scoring, halt, tick, bids, asks, orders, fills, now
        case rewardMid = "reward_mid", rewardMaxSpread = "reward_max_spread", rewardMinSize = "reward_min_size", riskEvents = "risk_events"
    }
}

/// `/api/markets/{id}/history`: the time series, one array per field (compact for long ranges).
struct MarketHistory: Codable, Sendable {
    var market: String
    var from: Int64
    var to: Int64
    var bucket: Int64
    var time: [Int64] = []
    var mid: [Int64?] = []
    var bestBid: [Int64?] = []
    var bestAsk: [Int64?] = []
    var ourBid: [Int64?] = []
    var ourAsk: [Int64?] = []
    var yes: [Int64] = []
    var no: [Int64] = []
    var net: [Int64] = []
    var realized: [Int64] = []
    var unrealized: [Int64] = []
    var rewards: [Int64] = []
    var total: [Int64] = []

    enum CodingKeys: String, CodingKey {
        case market, from, to, bucket, time, mid, yes, no, net, realized, unrealized, rewards, total
        case bestBid = "best_bid", bestAsk = "best_ask", ourBid = "our_bid", ourAsk = "our_ask"
    }

    init(market: String, from: Int64, to: Int64, bucket: Int64, samples: [MarketSample]) {
        self.market = market
        self.from = from
        self.to = to
        self.bucket = bucket
        for sample in samples {
            time.append(sample.atMilliseconds)
            mid.append(sample.mid)
            bestBid.append(sample.bestBid)
            bestAsk.append(sample.bestAsk)
            ourBid.append(sample.ourBid)
            ourAsk.append(sample.ourAsk)
            yes.append(sample.yes)
            no.append(sample.no)
            net.append(sample.net)
            realized.append(sample.realized)
            unrealized.append(sample.unrealized)
            rewards.append(sample.rewards)
            total.append(sample.total)
        }
    }
}
