import MMCore

/// One row of `/rewards/user/total`: all markets' earnings of a day in one reward asset.
public struct TotalUserEarning: Decodable, Sendable, Hashable {
    public var date: String
    public var assetAddress: String?
    public var makerAddress: String?
    public var earnings: WireDecimal
    public var assetRate: WireDecimal?

    enum CodingKeys: String, CodingKey {
        case date, assetAddress = "asset_address", makerAddress = "maker_address", earnings, assetRate = "asset_rate"
    }
}

/// One reward asset's earnings inside a `/rewards/user/markets` row.
public struct RewardAssetEarning: Decodable, Sendable, Hashable {
    public var assetAddress: String?
    public var earnings: WireDecimal
    public var assetRate: WireDecimal?

    enum CodingKeys: String, CodingKey { case assetAddress = "asset_address", earnings, assetRate = "asset_rate" }
}

/// One row of `/rewards/user/markets`: a market's reward configuration with what it paid us.
public struct UserRewardMarket: Decodable, Sendable, Hashable {
    public var conditionID: String
    public var question: String?
    public var marketSlug: String?
    /// v in cents, as the venue publishes it.
    public var rewardsMaxSpread: WireDecimal?
    public var rewardsMinSize: WireDecimal?
    /// Our share of the market's pool, in percent.
    public var earningPercentage: WireDecimal?
    public var earnings: [RewardAssetEarning]

    enum CodingKeys: String, CodingKey {
        case conditionID = "condition_id", question, marketSlug = "market_slug", rewardsMaxSpread = "rewards_max_spread"
        case rewardsMinSize = "rewards_min_size", earningPercentage = "earning_percentage", earnings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        conditionID = try c.decode(String.self, forKey: .conditionID)
        question = try c.decodeIfPresent(String.self, forKey: .question)
        marketSlug = try c.decodeIfPresent(String.self, forKey: .marketSlug)
        rewardsMaxSpread = try c.decodeIfPresent(WireDecimal.self, forKey: .rewardsMaxSpread)
        rewardsMinSize = try c.decodeIfPresent(WireDecimal.self, forKey: .rewardsMinSize)
        earningPercentage = try c.decodeIfPresent(WireDecimal.self, forKey: .earningPercentage)
        earnings = try c.decodeIfPresent([RewardAssetEarning].self, forKey: .earnings) ?? []
    }
}

/// A JSON answer that is sometimes a list and sometimes its only element.
struct OneOrMany<Item: Decodable>: Decodable {
    var items: [Item]

    init(from decoder: any Decoder) throws {
        if let list = try? [Item](from: decoder) {
            items = list
        } else {
            items = [try Item(from: decoder)]
        }
    }
}

extension WireDecimal {
    /// The value in micro-units with digits past the sixth decimal dropped (toward zero).
    ///
    /// The venue sends reward earnings as JSON numbers with more digits than its base unit; a payout is
    /// made in base units, so the fraction of a micro-pUSD is not money we hold. `nil` for anything that
    /// is not a plain decimal number.
    public var microsTruncated: Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return micros }
        return try? FixedPoint.parseMicros(parts[0] + "." + parts[1].prefix(FixedPoint.fractionDigits))
    }
}

extension UserRewardEarning {
    /// The day's earnings in micro-units of the reward asset (pUSD), truncated to the base unit.
    public var earningsMicros: Int64? { earnings.microsTruncated }
}
