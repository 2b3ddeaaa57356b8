import Foundation
import MMControl
import MMCore

/// `mmd markets discover`'s output: an aligned table for people, JSON for scripts (docs/markets.md).
public enum DiscoveryReport {
    /// One row per market, best first, then what was left out and why.
    public static func table(_ result: DiscoveryResult) -> String {
        let header = ["#", "MARKET", "QUESTION", "POOL/DAY", "BAND", "MIN", "MID", "SPREAD", "COMPETING Q", "SHARE", "EST/DAY", "ADVERSE", "CAPITAL", "NET/DAY", "PER 100", "ENDS", "NEG-RISK"]
        var rows = [header]
        for (index, market) in result.ranked.enumerated() {
            let facts = market.facts
            rows.append([
                "\(index + 1)", String(facts.conditionID.prefix(8)) + "…" + String(facts.conditionID.suffix(4)), String(facts.question.prefix(36)), facts.rewards.dailyRate.description,
                FixedPoint.format(micros: facts.rewards.maxSpread), facts.rewards.minSize.description, market.mid.description,
                FixedPoint.format(micros: market.spread), FixedPoint.format(micros: market.estimate.competitorScore.micros),
                FixedPoint.format(micros: market.estimate.shareMicros * 100) + "%", market.estimate.expectedPerDay.description,
                market.adverseSelectionPerDay.description, market.capital.description, market.netPerDay.description,
                FixedPoint.format(micros: market.netPerCapitalMicros * 100), facts.endMilliseconds.map(day) ?? "—", facts.negRiskEvent.map { String($0.prefix(10)) + "…" } ?? "—",
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in row.indices.map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") }
        lines.append("")
        lines.append("\(result.listed) open markets listed, \(result.ranked.count) shown (best expected reward less adverse selection per pUSD of capital first).")
        if !result.skipped.isEmpty {
            lines.append("left out: " + result.skipped.sorted { $0.value > $1.value }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        lines.append("PER 100: net pUSD a day per 100 pUSD of capital. Add the best ones to markets: in mmd.yaml (docs/markets.md).")
        return lines.joined(separator: "\n")
    }

    public static func json(_ result: DiscoveryResult) -> String { value(result).json }

    /// The ranking as a JSON value (`mmd markets discover --json`, the control command `markets.discover`).
    public static func value(_ result: DiscoveryResult) -> JSONValue {
        let markets: [JSONValue] = result.ranked.map { market in
            let facts = market.facts
            return .object([
                "market": .string(facts.conditionID), "question": .string(facts.question), "daily_reward": .string(facts.rewards.dailyRate.description),
                "max_spread": .string(FixedPoint.format(micros: facts.rewards.maxSpread)), "min_size": .string(facts.rewards.minSize.description),
                "mid": .string(market.mid.description), "spread": .string(FixedPoint.format(micros: market.spread)),
                "bid": .string(market.bid.description), "ask": .string(market.ask.description), "size": .string(market.size.description),
                "competing_q": .string(FixedPoint.format(micros: market.estimate.competitorScore.micros)),
                "our_q": .string(FixedPoint.format(micros: market.estimate.ourScore.micros)),
                "share": .string(FixedPoint.format(micros: market.estimate.shareMicros)),
                "expected_per_day": .string(market.estimate.expectedPerDay.description),
                "adverse_selection_per_day": .string(market.adverseSelectionPerDay.description), "capital": .string(market.capital.description),
                "net_per_day": .string(market.netPerDay.description), "net_per_day_per_pusd": .string(FixedPoint.format(micros: market.netPerCapitalMicros)),
                "liquidity": .string(facts.liquidity.description), "volume_24h": .string(facts.volume24h.description),
                "end_date": facts.endMilliseconds.map { .string(day($0)) } ?? .null, "neg_risk_event": facts.negRiskEvent.map(JSONValue.string) ?? .null,
            ])
        }
        let skipped = JSONValue.object(result.skipped.mapValues { .integer(Int64($0)) })
        return JSONValue.object(["listed": .integer(Int64(result.listed)), "markets": .array(markets), "skipped": skipped])
    }

    /// `YYYY-MM-DD` (UTC) of a Unix-millisecond time.
    static func day(_ milliseconds: Int64) -> String { UTCDay(epochMilliseconds: milliseconds).description }
}
