import MMCore
import Polymarket

/// The market the simulator lists when no scenario names any: the example market of `etc/mmd.yaml`.
public enum SimDefaults {
    public static let conditionID = "0x5eed000000000000000000000000000000000000000000000000000000000001"

    /// Token ids derived exactly as the CTF derives them (USDC.e collateral, index sets 1 and 2).
    public static func market(conditionID: String = conditionID, question: String = "Simulated: Will it rain in Lisbon tomorrow?") -> SimMarketSpec {
        let condition = Hex.decode(conditionID) ?? []
        let collateral = Address("0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174")!
        let yes = ConditionalTokens.positionID(collateral: collateral, collectionID: ConditionalTokens.collectionID(conditionID: condition, indexSet: 1))
        let no = ConditionalTokens.positionID(collateral: collateral, collectionID: ConditionalTokens.collectionID(conditionID: condition, indexSet: 2))
        return SimMarketSpec(
            conditionID: conditionID, question: question, yesToken: yes.description, noToken: no.description, tick: .hundredth,
            minOrderSize: Quantity(shares: 5), rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 20), dailyRate: Money(micros: 100_000_000)),
            minOrderAgeSeconds: 10)
    }
}
