import Foundation
import MMCore

/// `tape:` on a scenario market: the recorded book and trades replace the background provider and the
/// random takers (``Tape``, `docs/simulator.md` "Replaying a tape").
extension Scenario {
    /// The step a scenario with a tape uses when it sets none: recorded books come about every second and
    /// trades between them, so events are applied within 100 ms of their recorded time.
    static let tapeStepMilliseconds: Int64 = 100

    /// Reads `markets[i].tape.file` (relative to `directory`, the scenario file's folder), refusing the
    /// sections a tape replaces and prices off the market's finest grid.
    static func tape(
        _ reference: ScenarioFile.TapeReference, market: ScenarioFile.Market, spec: SimMarketSpec, ticks: [TickSize], directory: String, path: String,
        problems: inout [String]
    ) -> Tape? {
        for (key, present) in [("fairValue", market.fairValue != nil), ("background", market.background != nil), ("takers", market.takers != nil)] where present {
            problems.append("\(path).\(key): a market with a tape takes its book, trades and fair value (the recorded mid) from the tape; remove \(key)")
        }
        let file = reference.file.hasPrefix("/") ? reference.file : URL(fileURLWithPath: directory).appendingPathComponent(reference.file).standardized.path
        let tape: Tape
        do { tape = try Tape.load(path: file) } catch {
            problems.append("\(path).tape.file: \(error.description)")
            return nil
        }
        guard !tape.entries.isEmpty else {
            problems.append("\(path).tape.file: \(file) holds no book or trade")
            return nil
        }
        // Levels must lie on the finest grid the market has during the run (the exchange refuses the rest).
        let finest = ([spec.tick] + ticks).min { $0.micros < $1.micros }!
        for entry in tape.entries {
            let prices: [Price] =
                switch entry.event {
                case .book(let bids, let asks): (bids + asks).map(\.price)
                case .trade(_, let price, _): [price]
                }
            if let off = prices.first(where: { !finest.isOnGrid($0) }) {
                problems.append("\(path).tape.file: \(file) at t \(entry.atMilliseconds): price \(off) is not on the market's tick \(finest) (set \(path).tick)")
                return nil
            }
        }
        return tape
    }
}
