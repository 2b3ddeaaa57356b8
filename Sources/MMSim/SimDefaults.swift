import MMCore
import Polymarket

/// The market the simulator lists when no scenario names any: the example market of `etc/mmd.yaml`.
public enum SimDefaults {
    public static let conditionID = "0x5eed000000000000000000000000000000000000000000000000000000000001"

    /// Token ids derived exactly as the CTF derives them (USDC.e collateral, index sets 1 and 2), unless
    /// given: a scenario that names its token ids is used as is, without the derivation.
    public static func market(
        conditionID: String = conditionID, question: String = "Simulated: Will it rain in Lisbon tomorrow?", yesToken: String? = nil, noToken: String? = nil
    ) -> SimMarketSpec {
        let yes = yesToken ?? derivedToken(conditionID: conditionID, indexSet: 1)
        let no = noToken ?? derivedToken(conditionID: conditionID, indexSet: 2)
        return SimMarketSpec(
            conditionID: conditionID, question: question, yesToken: yes, noToken: no, tick: .hundredth,
            minOrderSize: Quantity(shares: 5), rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 20), dailyRate: Money(micros: 100_000_000)),
            minOrderAgeSeconds: 10)
    }

    /// The CTF position id of outcome `indexSet` (1 = YES, 2 = NO) of a condition, as a decimal string.
    public static func derivedToken(conditionID: String, indexSet: UInt64) -> String {
        let condition = Hex.decode(conditionID) ?? []
        let collection = ConditionalTokens.collectionID(conditionID: condition, indexSet: indexSet)
        return ConditionalTokens.positionID(collateral: collateral, collectionID: collection).description
    }

    /// USDC.e, the collateral of the venue's (non-neg-risk) position ids.
    static let collateral = Address("0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174")!
}

extension SimDefaults {
    /// The scenario the daemon's simulated venue runs when the configuration names none: a noisy sideways
    /// market with a reward pool around the default market (the same as `etc/scenarios/sideways.yaml`).
    public static let scenarioYAML = """
        name: built-in sideways market
        seed: 11
        durationSeconds: 86400
        markets:
          - id: "0x5eed000000000000000000000000000000000000000000000000000000000001"
            question: "Simulated: Will it rain in Lisbon tomorrow?"
            tick: 0.01
            rewards: {maxSpread: 0.03, minSize: 20, dailyRate: 100}
            fairValue: {start: 0.50, volatility: 0.003}
            background: {levels: 4, spacing: 0.01, distance: 0.03, size: 150}
            takers:
              noise: {ratePerMinute: 6, size: 10}
        accounts:
          - {address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", collateral: 1000}
        """
}
