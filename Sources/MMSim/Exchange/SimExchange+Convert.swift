import MMCore

/// What a conversion moved (the NegRiskAdapter's `convertPositions`, which the simulator applies at once
/// for the address, as the chain would after the transaction).
public struct SimConversion: Sendable, Hashable {
    /// NO tokens taken, per converted market.
    public var burned: [String: Int64]
    /// YES tokens given, per other market of the event.
    public var minted: [String: Int64]
    /// pUSD released: (converted − 1) × amount.
    public var collateral: Int64
}

extension SimExchange {
    /// Converts `amount` NO of each market in `converted` (k outcomes of one neg-risk event) into `amount`
    /// YES of each other outcome of the event plus (k − 1) × `amount` pUSD: a NO set pays exactly what the
    /// outcomes not in it would pay, and k NOs hold k − 1 dollars that can never be lost. The adapter's
    /// fee (`negRiskFeeBips`) is 0 on the simulated events. Unreserved tokens only: a NO resting in a SELL
    /// cannot be converted.
    public mutating func convert(address: String, event: String, converted wanted: Set<String>, amount: Int64) -> Result<SimConversion, SimRejection> {
        let event = event.lowercased()
        let converted = Set(wanted.map { $0.lowercased() })
        let outcomes = markets.values.filter { $0.event == event }
        guard outcomes.count >= 2 else { return .failure(SimRejection("unknown neg-risk event \(event)")) }
        let ids = Set(outcomes.map { $0.conditionID.lowercased() })
        guard !converted.isEmpty, converted.isSubset(of: ids) else {
            return .failure(SimRejection("every converted market must be an outcome of event \(event); its outcomes are \(ids.sorted().joined(separator: ", "))"))
        }
        guard amount > 0 else { return .failure(SimRejection("amount must be greater than 0")) }
        let key = Self.normalize(address)
        var balance = balances[key] ?? SimBalance()
        for market in outcomes where converted.contains(market.conditionID.lowercased()) && balance.availableTokens(market.noToken) < amount {
            return .failure(SimRejection("not enough NO of \(market.conditionID) to convert: \(FixedPoint.format(micros: balance.availableTokens(market.noToken))) free"))
        }
        var burned: [String: Int64] = [:]
        var minted: [String: Int64] = [:]
        for market in outcomes {
            if converted.contains(market.conditionID.lowercased()) {
                balance.tokens[market.noToken, default: 0] -= amount
                burned[market.conditionID] = amount
            } else {
                balance.tokens[market.yesToken, default: 0] += amount
                minted[market.conditionID] = amount
            }
        }
        let released = Int64(converted.count - 1) * amount
        balance.collateral += released
        balances[key] = balance
        return .success(SimConversion(burned: burned, minted: minted, collateral: released))
    }
}
