import Foundation
import Testing
@testable import MMConfig

/// Every problem of a configuration in one error, in document order: an unknown key or a value of the
/// wrong type must not hide the rule violations around it.
@Suite struct OnePassValidationTests {
    static let market = "0x" + String(repeating: "a", count: 64)
    static let sections = "alerts, baitDefence, control, http, limits, logging, markets, metrics, orders, skew, stopLoss, storage, strategy, venue, volatility"

    /// The issue's example: a misspelt section, an order size above the limit and an unknown chain id.
    @Test func aMisspeltSectionDoesNotHideTheRest() {
        let yaml = """
            venue: {kind: simulated, chainId: 1}
            stratgy: {spreadFraction: 0.5}
            limits: {maxNetExposure: 10}
            markets:
              - id: "\(Self.market)"
                orderSize: 20
            """
        #expect(ConfigurationTests.issues(yaml) == [
            "venue.chainId (1) must be 137 (Polygon) or 80002 (Amoy)",
            "stratgy is not a configuration section (known: \(Self.sections)); did you mean strategy?",
            "markets[0].orderSize (20) must be ≤ limits.maxNetExposure (10)",
        ])
    }

    @Test func typeErrorsAreNamedNextToRuleViolations() {
        let yaml = """
            strategy: {orderSize: 5, debounceMilliseconds: soon, spreadFraction: 2}
            skew: {enabled: maybe}
            venue: {chainId: polygon, signatureType: 9, funder: "0xf00d"}
            control: {allowUids: [1000, bob, 1001]}
            stopLoss: [enabled]
            orders: {expirySeconds: 30}
            """
        #expect(ConfigurationTests.issues(yaml) == [
            "strategy.debounceMilliseconds has the wrong type: expected a whole number",
            "strategy.spreadFraction (2) must be between 0.000001 and 1",
            "skew.enabled has the wrong type: expected true or false",
            "venue.chainId has the wrong type: expected a whole number",
            "venue.signatureType (9) must be 0 (EOA), 1 (POLY_PROXY), 2 (POLY_GNOSIS_SAFE) or 3 (POLY_1271)",
            "control.allowUids[1] has the wrong type: expected a user id (a whole number from 0)",
            "stopLoss has the wrong type: expected a mapping of keys",
            "orders.expirySeconds (30) \(OrdersConfigurationTests.rule)",
        ])
    }

    /// The validator checks sections in its own order; the report follows the file, as the operator reads it.
    @Test func problemsAreListedInDocumentOrder() {
        let yaml = """
            logging: {level: loud}
            orders: {expirySeconds: 5}
            strategy: {spreadFraction: 7}
            venue: {kind: binance}
            """
        let paths = Self.paths(yaml)
        #expect(paths == ["logging.level", "orders.expirySeconds", "strategy.spreadFraction", "venue.kind"])
    }

    /// A rule about a key whose value was dropped for its type would judge the default, not the operator's
    /// value: it is left out, the type error stands for it.
    @Test func aMistypedValueIsNotJudgedByItsDefault() {
        let yaml = "limits: {taperStartHours: 2, stopQuotingHours: six}\n"
        #expect(ConfigurationTests.issues(yaml) == ["limits.stopQuotingHours has the wrong type: expected a whole number"])
        let markets = "limits: {maxNetExposure: [10]}\nmarkets:\n  - id: \"\(Self.market)\"\n    orderSize: 20\n"
        #expect(ConfigurationTests.issues(markets) == ["limits.maxNetExposure has the wrong type: expected a decimal number"])
    }

    /// A mistyped market keeps its place: the next market is still `markets[1]`.
    @Test func aMistypedMarketKeepsTheIndexOfTheNext() {
        let yaml = "markets:\n  - just-an-id\n  - id: \"0x12\"\n"
        #expect(ConfigurationTests.issues(yaml) == [
            "markets[0] has the wrong type: expected a mapping of keys",
            "markets[1].id (0x12) must be a condition id: 0x followed by 64 hex digits",
        ])
    }

    @Test func unknownKeysInEverySectionAndMarketAreAllReported() {
        let yaml = """
            venue: {chain: 137}
            strategy: {ordersize: 5}
            markets:
              - id: "\(Self.market)"
                size: 3
            """
        #expect(Self.paths(yaml) == ["venue.chain", "strategy.ordersize", "markets[0].size"])
        #expect(ConfigurationTests.issues(yaml)[1].hasSuffix("; did you mean orderSize?"))
        #expect(!ConfigurationTests.issues(yaml)[2].contains("did you mean"), "nothing is close to size")
    }

    @Test(arguments: [("spredFraction", "spreadFraction"), ("stoploss", "stopLoss"), ("lookback", "lookbackSeconds"), ("expiry", "expirySeconds")])
    func aCloseKnownKeyIsSuggested(typed: String, meant: String) {
        let known = Set(KnownKeys.sections.values.flatMap(\.keys)).union(KnownKeys.top)
        #expect(KnownKeys.suggestion(for: typed, among: known) == meant)
    }

    @Test func aDocumentThatIsNotAMappingIsOneProblem() {
        #expect(ConfigurationTests.issues("- venue\n- strategy\n") == [
            "the document has the wrong type: expected a mapping of sections such as venue: and strategy:",
        ])
    }

    @Test func theShippedConfigurationsLoadClean() throws {
        let etc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../etc")
        for name in ["mmd.yaml", "backtest.yaml"] {
            let text = try String(contentsOf: etc.appendingPathComponent(name), encoding: .utf8)
            #expect(throws: Never.self, "etc/\(name)") { try MMConfiguration.load(yaml: text, source: "etc/\(name)") }
        }
    }

    static func paths(_ yaml: String) -> [String] {
        do {
            _ = try MMConfiguration.load(yaml: yaml)
            return []
        } catch {
            return error.issues.map(\.path)
        }
    }
}
