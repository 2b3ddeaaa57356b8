import Foundation
import MMCore

/// A market as Gamma describes it, with its JSON-encoded string fields decoded.
public struct GammaMarket: Decodable, Sendable, Hashable {
    public var id: String
    public var conditionID: String
    public var questionID: String?
    public var question: String?
    public var slug: String?
    /// Token ids in the order of ``outcomes`` (decoded from the string `clobTokenIds`).
    public var clobTokenIDs: [String]
    public var outcomes: [String]
    public var outcomePrices: [WireDecimal]
    public var negRisk: Bool
    public var negRiskMarketID: String?
    /// A placeholder outcome of an augmented neg-risk event ("Other"): listed, never quoted by mmd.
    public var negRiskOther: Bool
    public var active: Bool
    public var closed: Bool
    public var acceptingOrders: Bool
    public var enableOrderBook: Bool
    public var orderPriceMinTickSize: WireDecimal?
    public var orderMinSize: WireDecimal?
    public var rewardsMinSize: WireDecimal?
    /// Cents, e.g. 3.5.
    public var rewardsMaxSpread: WireDecimal?
    public var clobRewards: [ClobReward]
    public var liquidity: WireDecimal?
    public var volume24hr: WireDecimal?
    public var endDate: String?

    public struct ClobReward: Decodable, Sendable, Hashable {
        public var id: String?
        public var rewardsDailyRate: WireDecimal?
        public var rewardsAmount: WireDecimal?
        public var startDate: String?
        public var endDate: String?
    }

    enum CodingKeys: String, CodingKey {
        case id, conditionID = "conditionId", questionID, question, slug, clobTokenIDs = "clobTokenIds", outcomes, outcomePrices
        case negRisk, negRiskMarketID, negRiskOther, active, closed, acceptingOrders, enableOrderBook, orderPriceMinTickSize, orderMinSize
        case rewardsMinSize, rewardsMaxSpread, clobRewards, liquidity = "liquidityNum", volume24hr, endDate
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(WireDecimal.self, forKey: .id).text
        conditionID = try c.decode(String.self, forKey: .conditionID)
        questionID = try c.decodeIfPresent(String.self, forKey: .questionID)
        question = try c.decodeIfPresent(String.self, forKey: .question)
        slug = try c.decodeIfPresent(String.self, forKey: .slug)
        clobTokenIDs = try Self.stringArray(c, .clobTokenIDs)
        outcomes = try Self.stringArray(c, .outcomes)
        outcomePrices = try Self.stringArray(c, .outcomePrices).map(WireDecimal.init)
        negRisk = try c.decodeIfPresent(Bool.self, forKey: .negRisk) ?? false
        negRiskMarketID = try c.decodeIfPresent(String.self, forKey: .negRiskMarketID)
        negRiskOther = try c.decodeIfPresent(Bool.self, forKey: .negRiskOther) ?? false
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? false
        closed = try c.decodeIfPresent(Bool.self, forKey: .closed) ?? false
        acceptingOrders = try c.decodeIfPresent(Bool.self, forKey: .acceptingOrders) ?? false
        enableOrderBook = try c.decodeIfPresent(Bool.self, forKey: .enableOrderBook) ?? false
        orderPriceMinTickSize = try c.decodeIfPresent(WireDecimal.self, forKey: .orderPriceMinTickSize)
        orderMinSize = try c.decodeIfPresent(WireDecimal.self, forKey: .orderMinSize)
        rewardsMinSize = try c.decodeIfPresent(WireDecimal.self, forKey: .rewardsMinSize)
        rewardsMaxSpread = try c.decodeIfPresent(WireDecimal.self, forKey: .rewardsMaxSpread)
        clobRewards = try c.decodeIfPresent([ClobReward].self, forKey: .clobRewards) ?? []
        liquidity = try c.decodeIfPresent(WireDecimal.self, forKey: .liquidity)
        volume24hr = try c.decodeIfPresent(WireDecimal.self, forKey: .volume24hr)
        endDate = try c.decodeIfPresent(String.self, forKey: .endDate)
    }

    /// Gamma sends several arrays as a *string* holding JSON (`"[\"Yes\", \"No\"]"`); accept both forms.
    static func stringArray(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [String] {
        if let array = try? c.decodeIfPresent([String].self, forKey: key) { return array }
        guard let text = try c.decodeIfPresent(String.self, forKey: key), !text.isEmpty else { return [] }
        guard let decoded = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(text.prefix(60))' is not a JSON-encoded array")
        }
        return decoded.map { "\($0)" }
    }

    /// The YES (first outcome) and NO token ids of a binary market.
    public var binaryTokens: (yes: String, no: String)? {
        clobTokenIDs.count == 2 ? (clobTokenIDs[0], clobTokenIDs[1]) : nil
    }

    /// The reward parameters: v from cents, the minimum size, and the summed daily pool; `nil` when a
    /// figure is missing or the pool's sum does not fit in micro-units (no real pool comes near).
    public var rewardParameters: RewardParameters? {
        guard let spreadCents = rewardsMaxSpread?.micros, spreadCents > 0, let minSize = rewardsMinSize?.quantity else { return nil }
        var daily: Int64 = 0
        for rate in clobRewards.compactMap({ $0.rewardsDailyRate?.micros }) {
            let (sum, overflow) = daily.addingReportingOverflow(rate)
            guard !overflow else { return nil }
            daily = sum
        }
        return RewardParameters(maxSpread: spreadCents / 100, minSize: minSize, dailyRate: Money(micros: daily))
    }

    public var tickSize: TickSize? { orderPriceMinTickSize?.tickSize }
}

/// An event (a group of markets; neg-risk events are multi-outcome).
public struct GammaEvent: Decodable, Sendable, Hashable {
    public var id: String
    public var title: String?
    public var slug: String?
    public var negRisk: Bool
    public var negRiskMarketID: String?
    public var markets: [GammaMarket]

    enum CodingKeys: String, CodingKey { case id, title, slug, negRisk, negRiskMarketID, markets }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(WireDecimal.self, forKey: .id).text
        title = try c.decodeIfPresent(String.self, forKey: .title)
        slug = try c.decodeIfPresent(String.self, forKey: .slug)
        negRisk = try c.decodeIfPresent(Bool.self, forKey: .negRisk) ?? false
        negRiskMarketID = try c.decodeIfPresent(String.self, forKey: .negRiskMarketID)
        markets = try c.decodeIfPresent([GammaMarket].self, forKey: .markets) ?? []
    }
}
