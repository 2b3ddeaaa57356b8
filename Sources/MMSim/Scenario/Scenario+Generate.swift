import MMCore
import Polymarket

/// `generate:` — N markets from calibrated templates, for scale tests (`scripts/scale`).
///
/// Every value is a scalar or a `[low, high]` range each market draws from uniformly (seeded), and the
/// defaults describe a busy, rewarded binary market as recorded on the venue (figures and sources in
/// `docs/simulator.md`, "Generated markets").
extension Scenario {
    /// The keys `generate:` accepts, per section (unknown keys are refused by path).
    static let generateKeys: [String: Set<String>] = [
        "": ["markets", "seed", "tokens", "tick", "minOrderSize", "rewards", "fairValue", "background", "takers"],
        "rewards": ["maxSpread", "minSize", "dailyRate"], "fairValue": ["start", "volatility", "movesPerMinute", "drift"],
        "background": ["levels", "spacing", "distance", "size"], "takers": ["noise"], "takers.noise": ["ratePerMinute", "size"],
    ]

    /// The largest `generate.markets`.
    public static let maximumGeneratedMarkets = 100_000

    /// Condition id of generated market `index`: `0x5ca1e` and the index in hex, 64 digits in all.
    public static func generatedConditionID(_ index: Int) -> String {
        let hex = String(index, radix: 16)
        return "0x5ca1e" + String(repeating: "0", count: 59 - hex.count) + hex
    }

    static func generateMarkets(_ file: ScenarioFile.Generate, raw: [String: Any], seed: UInt64, problems: inout [String]) -> [MarketScenario] {
        for (section, allowed) in generateKeys {
            let object = section.isEmpty ? raw : section.split(separator: ".").reduce(raw as Any?) { ($0 as? [String: Any])?[String($1)] } as? [String: Any]
            for key in (object ?? [:]).keys.sorted() where !allowed.contains(key) {
                problems.append("generate\(section.isEmpty ? "" : "." + section).\(key) is not a known key (known: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
        guard let count = file.markets, (1...maximumGeneratedMarkets).contains(count) else {
            problems.append("generate.markets (\(file.markets.map(String.init) ?? "missing")) must be between 1 and \(maximumGeneratedMarkets)")
            return []
        }
        let synthetic: Bool
        switch file.tokens ?? "derived" {
        case "derived": synthetic = false
        case "synthetic": synthetic = true
        case let other:
            problems.append("generate.tokens (\(other)) must be derived or synthetic")
            return []
        }
        var tick = TickSize.hundredth
        if let text = file.tick?.text {
            do { tick = try TickSize(text) } catch { problems.append("generate.tick: \(error)") }
        }
        let before = problems.count
        func span(_ value: ScenarioFile.Span?, _ path: String, _ low: Int64, _ high: Int64, min: Int64 = 0, max: Int64 = .max) -> ClosedRange<Int64> {
            guard let value else { return low...high }
            do {
                let (a, b) = (try FixedPoint.parseMicros(value.low.text), try FixedPoint.parseMicros(value.high.text))
                guard a <= b, a >= min, b <= max else {
                    problems.append("generate.\(path) [\(value.low.text), \(value.high.text)] must be a range low ≤ high within [\(FixedPoint.format(micros: min)), \(max == .max ? "∞" : FixedPoint.format(micros: max))]")
                    return low...high
                }
                return a...b
            } catch {
                problems.append("generate.\(path): \(error)")
                return low...high
            }
        }
        let minOrderSize = span(file.minOrderSize.map { ScenarioFile.Span(single: $0) }, "minOrderSize", 5_000_000, 5_000_000, min: 1)
        let maxSpread = span(file.rewards?.maxSpread, "rewards.maxSpread", 35_000, 35_000, min: 1, max: 500_000)
        let rewardMinSize = span(file.rewards?.minSize, "rewards.minSize", 50_000_000, 200_000_000, min: 0)
        let dailyRate = span(file.rewards?.dailyRate, "rewards.dailyRate", 10_000_000, 100_000_000, min: 0)
        let start = span(file.fairValue?.start, "fairValue.start", 150_000, 850_000, min: 20_000, max: 980_000)
        let volatility = span(file.fairValue?.volatility, "fairValue.volatility", 10_000, 10_000, min: 0, max: 500_000)
        let moves = span(file.fairValue?.movesPerMinute, "fairValue.movesPerMinute", 200_000, 2_000_000, min: 0)
        let drift = span(file.fairValue?.drift, "fairValue.drift", -3, 3, min: -100_000, max: 100_000)
        let levels = file.background?.levels ?? 5
        if !(0...50).contains(levels) { problems.append("generate.background.levels (\(levels)) must be between 0 and 50") }
        let spacing = span(file.background?.spacing, "background.spacing", 10_000, 10_000, min: 0, max: 500_000)
        let distance = span(file.background?.distance, "background.distance", 5_000, 15_000, min: 0, max: 500_000)
        let size = span(file.background?.size, "background.size", 200_000_000, 1_000_000_000, min: 1)
        let noiseRate = span(file.takers?.noise?.ratePerMinute, "takers.noise.ratePerMinute", 1_000_000, 5_000_000, min: 0)
        let noiseSize = span(file.takers?.noise?.size, "takers.noise.size", 10_000_000, 100_000_000, min: 1)
        guard problems.count == before else { return [] }

        var random = SimRandom(seed: seed)
        func draw(_ range: ClosedRange<Int64>, unit: Int64 = 1) -> Int64 {
            let width = UInt64(range.upperBound - range.lowerBound) / UInt64(unit) + 1
            return range.lowerBound + Int64(random.next() % width) * unit
        }
        var markets: [MarketScenario] = []
        markets.reserveCapacity(count)
        for index in 0..<count {
            let id = generatedConditionID(index)
            var spec = SimMarketSpec(
                conditionID: id, question: "Generated market \(index + 1)",
                yesToken: synthetic ? syntheticToken(id, 1) : SimDefaults.derivedToken(conditionID: id, indexSet: 1),
                noToken: synthetic ? syntheticToken(id, 2) : SimDefaults.derivedToken(conditionID: id, indexSet: 2), tick: tick,
                minOrderSize: Quantity(micros: minOrderSize.lowerBound), minOrderAgeSeconds: 10)
            spec.rewards = RewardParameters(
                maxSpread: draw(maxSpread), minSize: Quantity(micros: draw(rewardMinSize, unit: rewardMinSize.lowerBound < rewardMinSize.upperBound ? 1_000_000 : 1)),
                dailyRate: Money(micros: draw(dailyRate, unit: dailyRate.lowerBound < dailyRate.upperBound ? 1_000_000 : 1)))
            let fair = FairValueSettings(
                start: draw(start), volatility: draw(volatility), drift: draw(drift), jumpProbabilityMillionths: 0, jumpSize: 0, waypoints: [],
                movesPerMinute: draw(moves))
            let background = BackgroundSettings(
                levels: levels, spacing: draw(spacing), distance: draw(distance), size: Quantity(micros: draw(size, unit: size.lowerBound < size.upperBound ? 1_000_000 : 1)))
            var takers = TakerSettings()
            takers.noiseRatePerMinute = draw(noiseRate)
            takers.noiseSize = Quantity(micros: draw(noiseSize, unit: noiseSize.lowerBound < noiseSize.upperBound ? 1_000_000 : 1))
            markets.append(MarketScenario(spec: spec, fairValue: fair, background: background, takers: takers, tickChanges: []))
        }
        return markets
    }

    /// A token id that is not a CTF position id but as unique: keccak256("mmsim" ‖ condition ‖ index set).
    static func syntheticToken(_ conditionID: String, _ indexSet: UInt64) -> String {
        UInt256(bigEndian: Keccak256.hash(Array("mmsim".utf8) + (Hex.decode(conditionID) ?? []) + UInt256(indexSet).bigEndianBytes)).description
    }
}

extension ScenarioFile.Span {
    init(single value: DecimalText) {
        low = value
        high = value
    }
}
