import MMCore

/// The parts of a scenario that calibrated markets need (`docs/calibration.md`): empirical taker sizes
/// and a fair value that resolves to 0 or 1.
extension Scenario {
    /// The largest resolution-time volatility: a uniform step of ±0.5 already crosses the whole range.
    static let maximumVolatility: Int64 = 500_000

    /// `takers.noise.sizes` / `takers.informed.sizes`: `nil` when absent; refused next to `size:`, when
    /// empty, or with a size ≤ 0, a negative weight or no positive weight.
    static func sizes(_ list: [ScenarioFile.SizeWeight]?, single: ScenarioFile.Text?, path: String, problems: inout [String]) -> SizeDistribution? {
        guard let list else { return nil }
        if single != nil { problems.append("\(path): size and sizes are alternatives; give one") }
        guard !list.isEmpty else {
            problems.append("\(path).sizes must list at least one {size, weight}")
            return nil
        }
        var entries: [SizeDistribution.Entry] = []
        let before = problems.count
        for (index, item) in list.enumerated() {
            let at = "\(path).sizes[\(index)]"
            do {
                let size = try FixedPoint.parseMicros(item.size.text)
                let weight = try FixedPoint.parseMicros(item.weight.text)
                if size <= 0 { problems.append("\(at).size (\(item.size.text)) must be greater than 0") }
                if weight < 0 { problems.append("\(at).weight (\(item.weight.text)) must be 0 or more") }
                entries.append(.init(size: Quantity(micros: size), weight: weight))
            } catch {
                problems.append("\(at): \(error)")
            }
        }
        guard problems.count == before else { return nil }
        guard let distribution = SizeDistribution(entries) else {
            problems.append("\(path).sizes needs a positive weight (and weights summing below 10¹³)")
            return nil
        }
        return distribution
    }

    /// `fairValue.resolution`: `at` > 0 seconds, 0 ≤ `rampSeconds` ≤ `at`, `outcome` YES, NO or fair,
    /// 0 ≤ `closeVolatility` ≤ 0.5.
    static func resolution(_ file: ScenarioFile.Resolution, path: String, volatility: Int64, problems: inout [String]) -> FairValueResolution? {
        let before = problems.count
        if file.at <= 0 { problems.append("\(path).at (\(file.at)) must be greater than 0 seconds") }
        let ramp = file.rampSeconds ?? 0
        if ramp < 0 || ramp > max(file.at, 0) { problems.append("\(path).rampSeconds (\(ramp)) must be between 0 and at (\(file.at))") }
        let text = file.outcome ?? "fair"
        let outcome = FairValueResolution.Outcome(rawValue: text.uppercased()) ?? FairValueResolution.Outcome(rawValue: text.lowercased())
        if outcome == nil { problems.append("\(path).outcome (\(text)) must be YES, NO or fair") }
        var close: Int64?
        if let closeText = file.closeVolatility {
            do {
                let value = try FixedPoint.parseMicros(closeText.text)
                if (0...maximumVolatility).contains(value) { close = value } else {
                    problems.append("\(path).closeVolatility (\(closeText.text)) must be between 0 and \(FixedPoint.format(micros: maximumVolatility))")
                }
            } catch {
                problems.append("\(path).closeVolatility: \(error)")
            }
        }
        let at = milliseconds(seconds: file.at, "\(path).at", problems: &problems)
        let rampMilliseconds = milliseconds(seconds: ramp, "\(path).rampSeconds", problems: &problems)
        guard problems.count == before, let outcome else { return nil }
        return FairValueResolution(atMilliseconds: at, outcome: outcome, rampMilliseconds: rampMilliseconds, closeVolatility: close)
    }
}
