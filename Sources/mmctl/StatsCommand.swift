import ArgumentParser
import MMControl

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Performance per market: fill rate, reward rate, markouts at 1s/10s/60s, time two-sided and in each risk state.",
        discussion: """
            Times, quotes and fills count since mmd started; markouts cover the last 24 hours; the reward rate is what \
            the venue paid per day over the last 7 reconciled UTC days (see mmctl rewards), also per 100 pUSD of the \
            capital the market ties up now. --json gives the daemon's report (amounts in micro-pUSD, ratios in millionths).
            """)
    @OptionGroup var connection: Connection
    @Argument(help: "One market (default: all, with a total).") var market: String?

    func run() throws {
        try connection.run("stats", market.map { ["market": .string($0)] } ?? [:]) { result in Self.render(result) }
    }

    /// Two tables: rates and markouts, then the share of time in each risk state.
    static func render(_ result: JSONValue) -> String {
        var rows = result["markets"]?.array ?? []
        if rows.count > 1, let total = result["total"] { rows.append(total) }
        let horizons = ["1s", "10s", "60s"]
        let figures = rows.map { row -> JSONValue in
            let rewards = row["rewards"]
            var cells: [String: JSONValue] = [
                "market": row["market"] ?? .null, "state": row["state"] ?? .string("-"), "up": .string(duration(row["observed_milliseconds"]?.int64 ?? 0)),
                "two_sided": .string(percent(row["two_sided_fraction_micros"]?.int64)), "quotes": row["quotes_posted"] ?? .null, "fills": row["fills"] ?? .null,
                "per_quote": .string(percent(row["fills_per_quote_micros"]?.int64)), "per_hour": .string(decimal(row["fills_per_hour_micros"]?.int64, digits: 1)),
                "reward_day": .string(decimal(rewards?["paid_per_day_micros"]?.int64, digits: 2)),
                "per_100": .string(decimal(rewards?["paid_per_day_per_capital_micros"]?.int64.map { $0 * 100 }, digits: 3)),
                "capital": .string(decimal(rewards?["capital_micros"]?.int64, digits: 2)),
            ]
            for (index, markout) in (row["markouts"]?.array ?? []).enumerated() where index < horizons.count {
                let fills = markout["fills"]?.int64 ?? 0
                cells["markout_\(horizons[index])"] = .string(fills == 0 ? "-" : "\(decimal(markout["mean_per_share_micros"]?.int64, digits: 4)) (\(fills))")
            }
            return .object(cells)
        }
        var text = Table.render(figures, columns: [
            ("MARKET", "market"), ("STATE", "state"), ("UP", "up"), ("TWO-SIDED", "two_sided"), ("QUOTES", "quotes"), ("FILLS", "fills"),
            ("FILL/QUOTE", "per_quote"), ("FILLS/H", "per_hour"), ("MARKOUT 1S", "markout_1s"), ("10S", "markout_10s"), ("60S", "markout_60s"),
            ("REWARD/DAY", "reward_day"), ("PER 100", "per_100"), ("CAPITAL", "capital"),
        ])
        let states = ["quoting", "skewed", "one-sided", "paused-volatility", "paused", "cooldown", "stopped", "liquidating", "halted"]
        let shares = rows.map { row -> JSONValue in
            let observed = row["observed_milliseconds"]?.int64 ?? 0
            var cells: [String: JSONValue] = ["market": row["market"] ?? .null]
            for state in states {
                let spent = row["risk_state_milliseconds"]?[state]?.int64 ?? 0
                cells[state] = .string(observed > 0 ? percent(spent * 1_000_000 / observed) : "-")
            }
            return .object(cells)
        }
        text += "\n\nTime in each risk state:\n" + Table.render(shares, columns: [("MARKET", "market")] + states.map { ($0.uppercased(), $0) })
        let days = result["reward_days"]?.array?.compactMap(\.string) ?? []
        text += "\n\nMarkouts: mean per share (fills) over the last 24 h, positive = the mid moved our way. "
            + (days.isEmpty ? "Reward rate: no reconciled day yet." : "Reward rate over \(days.count) day(s), \(days.first ?? "") to \(days.last ?? "").")
        return text
    }

    /// Millionths as a percentage with one decimal, `-` when unknown.
    static func percent(_ micros: Int64?) -> String {
        guard let micros else { return "-" }
        return decimal(micros * 100, digits: 1) + "%"
    }

    /// Micro-units as a decimal with `digits` decimals (rounded toward zero), `-` when unknown.
    static func decimal(_ micros: Int64?, digits: Int) -> String {
        guard let micros else { return "-" }
        let scale: Int64 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000][min(max(digits, 0), 6)]
        let units = micros / (1_000_000 / scale)
        let whole = abs(units) / scale
        let fraction = String(abs(units) % scale)
        let padded = String(repeating: "0", count: digits - fraction.count) + fraction
        return (units < 0 ? "-" : "") + "\(whole)" + (digits > 0 ? "." + padded : "")
    }

    /// Milliseconds as `1h02m03s`.
    static func duration(_ milliseconds: Int64) -> String {
        let seconds = milliseconds / 1_000
        return seconds >= 3_600 ? "\(seconds / 3_600)h\(pad(seconds / 60 % 60))m\(pad(seconds % 60))s" : seconds >= 60 ? "\(seconds / 60)m\(pad(seconds % 60))s" : "\(seconds)s"
    }

    static func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
