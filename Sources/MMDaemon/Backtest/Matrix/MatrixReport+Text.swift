extension MatrixReport {
    /// A table per scenario for the terminal: one row per strategy and, with two strategies, their
    /// differences. Money to 3 decimals, fills to 1, ratios and t to 2 (the JSON keeps every digit).
    public var text: String {
        let strategyNames = strategies.map(\.rawValue).joined(separator: ", ")
        let seedRange = seeds.count > 1 ? "\(seeds.first!)…\(seeds.last!)" : seeds.map(String.init).joined()
        var lines = ["matrix: \(scenarios.count) scenarios × \(strategyNames) × \(seeds.count) seeds (\(seedRange)); significant: |Welch t| ≥ \(significanceThreshold.rounded(toDigits: 0))"]
        for skip in skipped { lines.append("skipped \(skip.file): \(skip.reason)") }
        let showTwoSided = scenarios.contains { $0.rows.contains { $0.meanTwoSidedFraction != nil } }
        for scenario in scenarios {
            lines.append("")
            lines.append("\(scenario.file): \(scenario.name) (\(scenario.markets) market\(scenario.markets == 1 ? "" : "s"), \(scenario.simulatedSeconds / 60) min)")
            var table = [["strategy", "mean P&L", "worst P&L", "σ P&L", "sharpe", "reward", "mean DD", "max DD", "fills", "share"] + (showTwoSided ? ["two-sided"] : [])]
            for row in scenario.rows {
                table.append([
                    row.strategy.rawValue, row.meanTotalPnL.rounded(toDigits: 3), row.worstTotalPnL.rounded(toDigits: 3),
                    row.standardDeviationTotalPnL?.rounded(toDigits: 3) ?? "–", row.sharpe?.rounded(toDigits: 2) ?? "–", row.meanRewardPnL.rounded(toDigits: 3),
                    row.meanMaxDrawdown.rounded(toDigits: 3), row.maxMaxDrawdown.rounded(toDigits: 3), row.meanFills.rounded(toDigits: 1),
                    row.meanRewardShare?.rounded(toDigits: 3) ?? "–",
                ] + (showTwoSided ? [row.meanTwoSidedFraction?.rounded(toDigits: 3) ?? "–"] : []))
            }
            lines += Self.aligned(table).map { "  " + $0 }
            if let comparison = scenario.comparison {
                let parts = [("total P&L", comparison.totalPnL), ("reward", comparison.rewardPnL), ("max DD", comparison.maxDrawdown)].map { name, figure in
                    "\(name) \(figure.difference.rounded(toDigits: 3)) (t \(figure.t?.rounded(toDigits: 2) ?? "–"), \(figure.significant ? "significant" : "not significant"))"
                }
                lines.append("  \(comparison.a.rawValue) − \(comparison.b.rawValue): " + parts.joined(separator: "  "))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Left-aligns the first column and right-aligns the others, two spaces apart.
    static func aligned(_ table: [[String]]) -> [String] {
        let widths = (0..<(table.first?.count ?? 0)).map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }
}
