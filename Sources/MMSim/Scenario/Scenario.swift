import Foundation
import MMCore
import Polymarket
import Yams

/// A validated scenario: markets with their fair-value process and participants, and starting balances.
public struct Scenario: Sendable {
    public var name: String
    public var seed: UInt64
    public var durationMilliseconds: Int64
    public var stepMilliseconds: Int64
    public var markets: [MarketScenario]
    /// How markets are scheduled; generated scenarios default to `events`.
    public var timing: Timing = .steps
    public var accounts: [(address: String, collateral: Int64, yes: Int64, no: Int64)]
    /// Faults the servers inject from the start (same keys as `POST /admin/faults`).
    public var faults = SimFaults()

    /// `steps`: fair value and takers draw from one shared random stream once per step, every market
    /// every step (the shipped scenarios). `events`: each market has its own stream and sleeps until its
    /// next fair-value move or taker arrival (Poisson), so per-step cost follows the markets that change.
    public enum Timing: String, Sendable { case steps, events }

    public struct MarketScenario: Sendable {
        public var spec: SimMarketSpec
        public var fairValue: FairValueSettings
        public var background: BackgroundSettings
        public var takers: TakerSettings
        public var tickChanges: [(atMilliseconds: Int64, tick: TickSize)]
        /// The recorded background market (`tape:`); when set, `background`, `takers` and `fairValue` are unused.
        public var tape: Tape? = nil
    }

    public struct BackgroundSettings: Sendable, Hashable {
        public var levels = 5
        public var spacing: Int64 = 10_000
        public var distance: Int64 = 20_000
        public var size = Quantity(shares: 100)
        /// Re-quote the whole book at least this often (`refillSeconds`); `nil` = only when fair value moves a tick.
        public var refillMilliseconds: Int64? = nil
    }

    public struct TakerSettings: Sendable {
        /// Arrivals per minute, in micro-units (1_000_000 = one a minute).
        public var noiseRatePerMinute: Int64 = 0
        public var noiseSize = Quantity(shares: 10)
        public var informedRatePerMinute: Int64 = 0
        public var informedSize = Quantity(shares: 20)
        public var informedLookaheadMilliseconds: Int64 = 300_000
        /// Empirical sizes (`sizes:`), used instead of `noiseSize` / `informedSize` when set.
        public var noiseSizes: SizeDistribution? = nil
        public var informedSizes: SizeDistribution? = nil
        public var baits: [(atMilliseconds: Int64, takeSize: Quantity, delayMilliseconds: Int64)] = []
        public var sweeps: [(atMilliseconds: Int64, side: Side, outcome: Outcome, size: Quantity)] = []
    }

    /// Parses and validates a scenario, naming the key path of every problem.
    ///
    /// - Parameters:
    ///   - source: the file's path (or a name), used in errors.
    ///   - directory: where relative paths in the file (`tape.file`) start; `nil` = the folder of `source`.
    public static func load(yaml: String, source: String, directory: String? = nil) throws(ScenarioError) -> Scenario {
        let directory = directory ?? URL(fileURLWithPath: source).deletingLastPathComponent().path
        let file: ScenarioFile
        do { file = try YAMLDecoder().decode(ScenarioFile.self, from: yaml) } catch { throw ScenarioError(source: source, problems: ["not a scenario: \(error)"]) }
        // Unknown keys first, in file order of sections (a typo must not silently run another market).
        var problems: [String] = []
        let raw = Self.plainDocument(yaml, problems: &problems)
        problems += ScenarioKeys.file.unknownKeys(in: raw)
        func seconds(_ value: Int64, _ path: String) -> Int64 { Self.milliseconds(seconds: value, path, problems: &problems) }
        func decimal(_ text: ScenarioFile.Text?, _ path: String, default fallback: Int64) -> Int64 {
            guard let text else { return fallback }
            do { return try FixedPoint.parseMicros(text.text) } catch {
                problems.append("\(path): \(error)")
                return fallback
            }
        }
        var markets: [MarketScenario] = []
        for (index, market) in (file.markets ?? []).enumerated() {
            let path = "markets[\(index)]"
            let id = market.id ?? SimDefaults.conditionID
            var spec = SimDefaults.market(
                conditionID: id, question: market.question ?? "Scenario market \(index + 1)", yesToken: market.yesToken, noToken: market.noToken)
            if let tickText = market.tick?.text {
                do { spec.tick = try TickSize(tickText) } catch { problems.append("\(path).tick: \(error)") }
            }
            spec.minOrderSize = Quantity(micros: decimal(market.minOrderSize, "\(path).minOrderSize", default: 5_000_000))
            spec.negRisk = market.negRisk ?? false
            if let event = market.event {
                // An outcome of a neg-risk event trades on the neg-risk exchange.
                if market.negRisk == false { problems.append("\(path).negRisk is false, but \(path).event makes the market an outcome of a neg-risk event") }
                if !Self.isHex32(event) { problems.append("\(path).event (\(event)) must be the event's neg-risk market id: 0x followed by 64 hex digits") }
                spec.event = event.lowercased()
                spec.negRisk = true
            }
            if market.placeholder == true {
                if market.event == nil { problems.append("\(path).placeholder needs \(path).event: only an augmented neg-risk event has placeholder outcomes") }
                spec.isPlaceholder = true
            }
            spec.takerFeeRate = Ratio(micros: decimal(market.takerFeeRate, "\(path).takerFeeRate", default: 0))
            if let rewards = market.rewards {
                spec.rewards = RewardParameters(
                    maxSpread: decimal(rewards.maxSpread, "\(path).rewards.maxSpread", default: 30_000),
                    minSize: Quantity(micros: decimal(rewards.minSize, "\(path).rewards.minSize", default: 20_000_000)),
                    dailyRate: Money(micros: decimal(rewards.dailyRate, "\(path).rewards.dailyRate", default: 0)))
            }
            let fv = market.fairValue
            var fairValue = FairValueSettings(
                start: decimal(fv?.start, "\(path).fairValue.start", default: 500_000), volatility: decimal(fv?.volatility, "\(path).fairValue.volatility", default: 0),
                drift: decimal(fv?.drift, "\(path).fairValue.drift", default: 0),
                jumpProbabilityMillionths: decimal(fv?.jumps?.probability, "\(path).fairValue.jumps.probability", default: 0),
                jumpSize: decimal(fv?.jumps?.size, "\(path).fairValue.jumps.size", default: 0), waypoints: [],
                movesPerMinute: fv?.movesPerMinute.map { decimal($0, "\(path).fairValue.movesPerMinute", default: 0) })
            for (w, waypoint) in (fv?.waypoints ?? []).enumerated() {
                fairValue.waypoints.append((seconds(waypoint.at, "\(path).fairValue.waypoints[\(w)].at"), decimal(waypoint.price, "\(path).fairValue.waypoints[\(w)].price", default: 500_000)))
            }
            if let resolution = fv?.resolution {
                fairValue.resolution = Self.resolution(resolution, path: "\(path).fairValue.resolution", volatility: fairValue.volatility, problems: &problems)
            }
            if !(1..<1_000_000).contains(fairValue.start) { problems.append("\(path).fairValue.start must be strictly between 0 and 1") }
            var background = BackgroundSettings()
            if let b = market.background {
                background.levels = b.levels ?? background.levels
                background.spacing = decimal(b.spacing, "\(path).background.spacing", default: background.spacing)
                background.distance = decimal(b.distance, "\(path).background.distance", default: background.distance)
                background.size = Quantity(micros: decimal(b.size, "\(path).background.size", default: background.size.micros))
                if let refill = b.refillSeconds {
                    if refill > 0 { background.refillMilliseconds = seconds(refill, "\(path).background.refillSeconds") } else { problems.append("\(path).background.refillSeconds (\(refill)) must be greater than 0") }
                }
            }
            var takers = TakerSettings()
            if let t = market.takers {
                takers.noiseRatePerMinute = decimal(t.noise?.ratePerMinute, "\(path).takers.noise.ratePerMinute", default: 0)
                takers.noiseSize = Quantity(micros: decimal(t.noise?.size, "\(path).takers.noise.size", default: takers.noiseSize.micros))
                takers.informedRatePerMinute = decimal(t.informed?.ratePerMinute, "\(path).takers.informed.ratePerMinute", default: 0)
                takers.informedSize = Quantity(micros: decimal(t.informed?.size, "\(path).takers.informed.size", default: takers.informedSize.micros))
                takers.informedLookaheadMilliseconds = seconds(t.informed?.lookaheadSeconds ?? 300, "\(path).takers.informed.lookaheadSeconds")
                takers.noiseSizes = Self.sizes(t.noise?.sizes, single: t.noise?.size, path: "\(path).takers.noise", problems: &problems)
                takers.informedSizes = Self.sizes(t.informed?.sizes, single: t.informed?.size, path: "\(path).takers.informed", problems: &problems)
                for (b, bait) in (t.bait ?? []).enumerated() {
                    takers.baits.append((
                        seconds(bait.at, "\(path).takers.bait[\(b)].at"), Quantity(micros: decimal(bait.takeSize, "\(path).takers.bait[\(b)].takeSize", default: 0)),
                        seconds(bait.delaySeconds ?? 5, "\(path).takers.bait[\(b)].delaySeconds")))
                }
                for (s, sweep) in (t.sweeps ?? []).enumerated() {
                    guard let side = Side(rawValue: sweep.side.uppercased()) else {
                        problems.append("\(path).takers.sweeps[\(s)].side (\(sweep.side)) must be BUY or SELL")
                        continue
                    }
                    let outcome: Outcome = sweep.outcome?.uppercased() == "NO" ? .no : .yes
                    takers.sweeps.append((seconds(sweep.at, "\(path).takers.sweeps[\(s)].at"), side, outcome, Quantity(micros: decimal(sweep.size, "\(path).takers.sweeps[\(s)].size", default: 0))))
                }
            }
            var tickChanges: [(Int64, TickSize)] = []
            for (c, change) in (market.tickSizeChanges ?? []).enumerated() {
                do { tickChanges.append((seconds(change.at, "\(path).tickSizeChanges[\(c)].at"), try TickSize(change.tick.text))) } catch { problems.append("\(path).tickSizeChanges[\(c)].tick: \(error)") }
            }
            var scenarioMarket = MarketScenario(spec: spec, fairValue: fairValue, background: background, takers: takers, tickChanges: tickChanges)
            if let reference = market.tape {
                scenarioMarket.tape = Self.tape(
                    reference, market: market, spec: spec, ticks: tickChanges.map(\.1), directory: directory, path: path, problems: &problems)
            }
            markets.append(scenarioMarket)
        }
        if let generate = file.generate {
            let seed = generate.seed ?? file.seed ?? 1
            markets += generateMarkets(generate, raw: raw?["generate"] as? [String: Any] ?? [:], seed: seed, problems: &problems)
        }
        if markets.isEmpty { problems.append("markets: a scenario needs at least one market") }
        problems += Self.eventProblems(markets)
        let ids = Set(markets.map(\.spec.conditionID))
        if ids.count != markets.count { problems.append("markets: every market needs its own id (\(markets.count - ids.count) repeated)") }
        var timing: Timing = file.generate == nil ? .steps : .events
        if let text = file.timing {
            if let value = Timing(rawValue: text) { timing = value } else { problems.append("timing (\(text)) must be steps or events") }
        }
        var accounts: [(String, Int64, Int64, Int64)] = []
        for (index, account) in (file.accounts ?? []).enumerated() {
            guard Address(account.address) != nil else {
                problems.append("accounts[\(index)].address (\(account.address)) is not an address")
                continue
            }
            accounts.append((
                account.address, decimal(account.collateral, "accounts[\(index)].collateral", default: 0), decimal(account.yes, "accounts[\(index)].yes", default: 0),
                decimal(account.no, "accounts[\(index)].no", default: 0)))
        }
        var faults = SimFaults()
        if let section = raw?["faults"] as? [String: Any] {
            do { try faults.apply(json: section) } catch { problems.append("faults: \(error.message)") }
        }
        let durationMilliseconds = file.durationSeconds.map { seconds($0, "durationSeconds") }
        guard problems.isEmpty else { throw ScenarioError(source: source, problems: problems) }
        // With a tape the run lasts, by default, until its last event (rounded up to a second) and steps finer.
        let tapeSpan = markets.compactMap { $0.tape?.spanMilliseconds }.max()
        let defaultDuration = tapeSpan.map { ($0 + 999) / 1_000 + 1 } ?? 3_600
        var scenario = Scenario(
            name: file.name ?? source, seed: file.seed ?? 1, durationMilliseconds: durationMilliseconds ?? defaultDuration * 1_000,
            stepMilliseconds: file.stepMilliseconds ?? (tapeSpan == nil ? 1_000 : Self.tapeStepMilliseconds), markets: markets, accounts: accounts)
        scenario.faults = faults
        scenario.timing = timing
        return scenario
    }
}

extension Scenario {
    /// The document as plain values (what `Yams.load` gives), for the unknown-key checks and `faults:`;
    /// `nil` when it is not a mapping. `Yams.load` force-unwraps every mapping key as a string and traps
    /// on any other (`? [a, b] : 1`, found by fuzzing, docs/fuzzing.md): keys are checked on the composed
    /// nodes first, and a document with such a key is refused.
    static func plainDocument(_ yaml: String, problems: inout [String]) -> [String: Any]? {
        guard let node = try? Yams.compose(yaml: yaml) else { return nil }
        guard keysAreScalars(node) else {
            problems.append("every key must be a plain name (a key that is a list, a mapping or an alias cannot be read)")
            return nil
        }
        return (try? Yams.load(yaml: yaml)) as? [String: Any]
    }

    private static func keysAreScalars(_ node: Node) -> Bool {
        switch node {
        case .scalar: true
        case .mapping(let mapping):
            mapping.allSatisfy { pair in
                guard case .scalar = pair.key else { return false }
                return keysAreScalars(pair.value)
            }
        case .sequence(let sequence): sequence.allSatisfy(keysAreScalars)
        case .alias: false
        }
    }

    /// The longest time a scenario may name (100 years, in seconds). Times are counted in milliseconds
    /// and added to one another; a bound keeps every such sum in an `Int64`.
    public static let maximumSeconds: Int64 = 3_153_600_000

    /// `value` seconds in milliseconds, or 0 with a problem when outside 0…``maximumSeconds`` (a time
    /// before the start, or one whose milliseconds would overflow: found by fuzzing, docs/fuzzing.md).
    static func milliseconds(seconds value: Int64, _ path: String, problems: inout [String]) -> Int64 {
        guard (0...maximumSeconds).contains(value) else {
            problems.append("\(path) (\(value)) must be between 0 and \(maximumSeconds) seconds")
            return 0
        }
        return value * 1_000
    }
}

public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var problems: [String]
    public var description: String { "\(source): " + problems.joined(separator: "; ") }
}
