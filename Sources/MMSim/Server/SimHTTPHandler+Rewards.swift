import Foundation
import MMCore
import Polymarket

/// The venue's L2 rewards endpoints, answered from the exchange's own per-minute reward sampling
/// (``SimExchange/earnings(owner:day:)`` and ``SimExchange/rewardScoreShare(owner:market:)``).
///
/// Earnings go out as JSON numbers, like the venue's, so a client must read them without a `Double`.
extension SimHTTPHandler {
    /// `GET /rewards/user?date=`: one row per market that paid the key on that UTC day, paged.
    func userRewards(_ request: SimRequest, key: SimAPIKey) async -> SimResponse {
        let date = request.query["date"] ?? ""
        let items = await venue.perform { exchange, _ in
            exchange.earnings(owner: key.key, day: date).sorted { $0.key < $1.key }.map { market, micros in
                "{\"date\":\(SimWire.string(date)),\"condition_id\":\(SimWire.string(market)),\"asset_address\":\(SimWire.string(Self.rewardAsset))"
                    + ",\"maker_address\":\(SimWire.string(key.address)),\"earnings\":\(FixedPoint.format(micros: micros)),\"asset_rate\":1}"
            }
        }
        return SimResponse(200, Self.page(items, cursor: request.query["next_cursor"]))
    }

    /// `GET /rewards/user/total?date=`: the day's earnings over every market, as a one-element list.
    func totalUserRewards(_ request: SimRequest, key: SimAPIKey) async -> SimResponse {
        let date = request.query["date"] ?? ""
        let total = await venue.perform { exchange, _ in exchange.earnings(owner: key.key, day: date).values.reduce(0, +) }
        return SimResponse(
            200,
            "[{\"date\":\(SimWire.string(date)),\"asset_address\":\(SimWire.string(Self.rewardAsset)),\"maker_address\":\(SimWire.string(key.address))"
                + ",\"earnings\":\(FixedPoint.format(micros: total)),\"asset_rate\":1}]")
    }

    /// `GET /rewards/user/markets?date=`: every rewarded market with its configuration, our share of the
    /// score sampled so far and what it paid the key that day (zero included), paged.
    func userRewardMarkets(_ request: SimRequest, key: SimAPIKey) async -> SimResponse {
        let date = request.query["date"] ?? ""
        let items = await venue.perform { exchange, _ in
            let paid = exchange.earnings(owner: key.key, day: date)
            return exchange.markets.values.filter { $0.rewards != nil }.sorted { $0.conditionID < $1.conditionID }.map { market in
                let rewards = market.rewards!
                let share = exchange.rewardScoreShare(owner: key.key, market: market.conditionID)?.micros ?? 0
                return "{\"condition_id\":\(SimWire.string(market.conditionID)),\"question\":\(SimWire.string(market.question)),\"market_slug\":\"\""
                    + ",\"rewards_max_spread\":\(FixedPoint.format(micros: rewards.maxSpread * 100)),\"rewards_min_size\":\(rewards.minSize)"
                    + ",\"rewards_config\":[{\"asset_address\":\(SimWire.string(Self.rewardAsset)),\"rate_per_day\":\(rewards.dailyRate)}]"
                    + ",\"maker_address\":\(SimWire.string(key.address)),\"earning_percentage\":\(FixedPoint.format(micros: share * 100))"
                    + ",\"earnings\":[{\"asset_address\":\(SimWire.string(Self.rewardAsset)),\"earnings\":\(FixedPoint.format(micros: paid[market.conditionID] ?? 0)),\"asset_rate\":1}]}"
            }
        }
        return SimResponse(200, Self.page(items, cursor: request.query["next_cursor"]))
    }

    /// `GET /rewards/user/percentages`: condition id → our percent of the score sampled so far.
    func rewardPercentages(key: SimAPIKey) async -> SimResponse {
        let pairs = await venue.perform { exchange, _ in
            exchange.markets.keys.sorted().compactMap { market -> String? in
                guard let share = exchange.rewardScoreShare(owner: key.key, market: market) else { return nil }
                return "\(SimWire.string(market)):\(FixedPoint.format(micros: share.micros * 100))"
            }
        }
        return SimResponse(200, "{" + pairs.joined(separator: ",") + "}")
    }

    /// The reward asset's address in the simulator's answers (pUSD is the collateral it pays in).
    static let rewardAsset = "0x0000000000000000000000000000000000000000"
}
