/// The keys a scenario file may hold. The YAML decoder ignores keys it does not know, so a typo
/// (`ratePerMinut:`) would silently run another market than the one written; every unknown key is
/// refused instead, by its key path, with the keys known there.
indirect enum ScenarioKeys: Sendable {
    /// A scalar (or a value the decoder checks as a whole).
    case value
    case object([String: ScenarioKeys])
    case list(ScenarioKeys)
    /// Checked by its own code (`generate:`, `faults:`).
    case checkedElsewhere

    static let sizes = ScenarioKeys.list(.object(["size": .value, "weight": .value]))

    static let file = ScenarioKeys.object([
        "name": .value, "seed": .value, "durationSeconds": .value, "stepMilliseconds": .value, "timing": .value, "generate": .checkedElsewhere,
        "faults": .checkedElsewhere, "accounts": .list(.object(["address": .value, "collateral": .value, "yes": .value, "no": .value])),
        "markets": .list(
            .object([
                "id": .value, "question": .value, "yesToken": .value, "noToken": .value, "tick": .value, "minOrderSize": .value, "negRisk": .value,
                "event": .value, "placeholder": .value, "takerFeeRate": .value, "rewards": .object(["maxSpread": .value, "minSize": .value, "dailyRate": .value]),
                "fairValue": .object([
                    "start": .value, "volatility": .value, "drift": .value, "movesPerMinute": .value, "jumps": .object(["probability": .value, "size": .value]),
                    "waypoints": .list(.object(["at": .value, "price": .value])),
                    "resolution": .object(["at": .value, "outcome": .value, "rampSeconds": .value, "closeVolatility": .value]),
                ]),
                "background": .object(["levels": .value, "spacing": .value, "distance": .value, "size": .value, "refillSeconds": .value]),
                "takers": .object([
                    "noise": .object(["ratePerMinute": .value, "size": .value, "sizes": sizes]),
                    "informed": .object(["ratePerMinute": .value, "size": .value, "sizes": sizes, "lookaheadSeconds": .value]),
                    "bait": .list(.object(["at": .value, "takeSize": .value, "delaySeconds": .value])),
                    "sweeps": .list(.object(["at": .value, "side": .value, "outcome": .value, "size": .value])),
                ]),
                "tickSizeChanges": .list(.object(["at": .value, "tick": .value])),
                "tape": .object(["file": .value]),
            ])),
    ])

    /// One problem per unknown key in `document` (parsed YAML), in key order, e.g.
    /// `markets[0].takers.noise.rate is not a known key (known: ratePerMinute, size, sizes)`.
    func unknownKeys(in document: Any?, path: String = "") -> [String] {
        switch self {
        case .value, .checkedElsewhere: return []
        case .list(let element):
            guard let items = document as? [Any] else { return [] }
            return items.enumerated().flatMap { element.unknownKeys(in: $1, path: "\(path)[\($0)]") }
        case .object(let known):
            guard let object = document as? [String: Any] else { return [] }
            return object.keys.sorted().flatMap { key -> [String] in
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let keys = known[key] else { return ["\(child) is not a known key (known: \(known.keys.sorted().joined(separator: ", ")))"] }
                return keys.unknownKeys(in: object[key], path: child)
            }
        }
    }
}
