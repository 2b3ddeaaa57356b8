import MMCore

/// Neg-risk events in a scenario: several markets (`event:` the same id) that are the outcomes of one
/// question, exactly one of which resolves YES. The engine keeps their fair values summing to 1.
extension Scenario {
    /// The markets of each event, by index, in file order.
    public var events: [String: [Int]] {
        var result: [String: [Int]] = [:]
        for (index, market) in markets.enumerated() {
            if let event = market.spec.event { result[event, default: []].append(index) }
        }
        return result
    }

    /// What makes a scenario's events impossible: fewer than two outcomes, or more than one scripted to
    /// resolve YES.
    static func eventProblems(_ markets: [MarketScenario]) -> [String] {
        var members: [String: [MarketScenario]] = [:]
        for market in markets {
            if let event = market.spec.event { members[event, default: []].append(market) }
        }
        var problems: [String] = []
        for (event, outcomes) in members.sorted(by: { $0.key < $1.key }) {
            if outcomes.count < 2 { problems.append("event \(event) has one market: a neg-risk event needs at least two outcomes") }
            let winners = outcomes.filter { $0.fairValue.resolution?.outcome == .yes }.count
            if winners > 1 { problems.append("event \(event): \(winners) outcomes resolve YES, at most one can") }
            if outcomes.contains(where: { $0.fairValue.resolution?.outcome == .fair }) {
                problems.append("event \(event): an outcome's resolution must be YES or NO (fair could resolve several YES)")
            }
        }
        return problems
    }

    static func isHex32(_ text: String) -> Bool {
        text.count == 66 && text.hasPrefix("0x") && text.dropFirst(2).allSatisfy(\.isHexDigit)
    }
}

extension ScenarioEngine {
    /// The YES fair values of an event's outcomes, normalised to sum to 1 (each outcome's own process
    /// gives its unnormalised weight); a market outside any event is its own process's value.
    static func normalised(_ raw: [Int64], events: [[Int]]) -> [Int64] {
        var values = raw
        for members in events {
            let total = members.reduce(Int64(0)) { $0 + raw[$1] }
            guard total > 0 else { continue }
            for index in members {
                let share = FixedPoint.multiplyDivide(raw[index], FixedPoint.scale, dividingBy: total, rounding: .nearestEven) ?? raw[index]
                values[index] = min(max(share, 0), FixedPoint.scale)
            }
        }
        return values
    }
}
