import MMCore
import Yams

/// A scenario as written in YAML (`etc/scenarios/*.yaml`). Decimals are read as their literal text.
struct ScenarioFile: Decodable {
    var name: String?
    var seed: UInt64?
    var durationSeconds: Int64?
    var stepMilliseconds: Int64?
    var timing: String?
    var markets: [Market]?
    /// N markets made from calibrated templates (see `Scenario+Generate`).
    var generate: Generate?
    var accounts: [Account]?
    /// Read separately as free-form YAML (see `SimFaults`).
    var faults: Ignored?

    struct Ignored: Decodable { init(from decoder: any Decoder) throws {} }

    struct Market: Decodable {
        var id: String?
        var question: String?
        var yesToken: String?
        var noToken: String?
        var tick: Text?
        var minOrderSize: Text?
        var negRisk: Bool?
        /// The neg-risk event (its `negRiskMarketID`) the market is one outcome of.
        var event: String?
        /// An augmented neg-risk event's placeholder outcome ("Other"; Gamma's `negRiskOther`).
        var placeholder: Bool?
        var takerFeeRate: Text?
        var rewards: Rewards?
        var fairValue: FairValue?
        var background: Background?
        var takers: Takers?
        var tickSizeChanges: [TickChange]?
        /// A recorded book and trades replayed instead of `background`, `takers` and `fairValue`.
        var tape: TapeReference?
    }

    /// `tape: {file: tapes/x.jsonl}`: the path is relative to the scenario file.
    struct TapeReference: Decodable { var file: String }

    struct Rewards: Decodable { var maxSpread: Text?; var minSize: Text?; var dailyRate: Text? }
    struct Waypoint: Decodable { var at: Int64; var price: Text }
    struct Jumps: Decodable { var probability: Text?; var size: Text? }
    struct FairValue: Decodable {
        var start: Text?
        var volatility: Text?
        var drift: Text?
        var movesPerMinute: Text?
        var jumps: Jumps?
        var waypoints: [Waypoint]?
        var resolution: Resolution?
    }
    struct Resolution: Decodable { var at: Int64; var outcome: String?; var rampSeconds: Int64?; var closeVolatility: Text? }
    struct SizeWeight: Decodable { var size: Text; var weight: Text }
    struct Background: Decodable { var levels: Int?; var spacing: Text?; var distance: Text?; var size: Text?; var refillSeconds: Int64? }
    struct Noise: Decodable { var ratePerMinute: Text?; var size: Text?; var sizes: [SizeWeight]? }
    struct Informed: Decodable { var ratePerMinute: Text?; var size: Text?; var sizes: [SizeWeight]?; var lookaheadSeconds: Int64? }
    struct Bait: Decodable { var at: Int64; var takeSize: Text; var delaySeconds: Int64? }
    struct Sweep: Decodable { var at: Int64; var side: String; var outcome: String?; var size: Text }
    struct Takers: Decodable { var noise: Noise?; var informed: Informed?; var bait: [Bait]?; var sweeps: [Sweep]? }
    struct TickChange: Decodable { var at: Int64; var tick: Text }
    struct Account: Decodable { var address: String; var collateral: Text?; var yes: Text?; var no: Text? }

    typealias Text = DecimalText

    struct Generate: Decodable {
        var markets: Int?
        var seed: UInt64?
        var tokens: String?
        var tick: Text?
        var minOrderSize: Text?
        var rewards: GeneratedRewards?
        var fairValue: GeneratedFairValue?
        var background: GeneratedBackground?
        var takers: GeneratedTakers?
    }
    struct GeneratedRewards: Decodable { var maxSpread: Span?; var minSize: Span?; var dailyRate: Span? }
    struct GeneratedFairValue: Decodable { var start: Span?; var volatility: Span?; var movesPerMinute: Span?; var drift: Span? }
    struct GeneratedBackground: Decodable { var levels: Int?; var spacing: Span?; var distance: Span?; var size: Span? }
    struct GeneratedNoise: Decodable { var ratePerMinute: Span?; var size: Span? }
    struct GeneratedTakers: Decodable { var noise: GeneratedNoise? }

    /// A value or a range `[low, high]` that each generated market draws from uniformly.
    struct Span: Decodable {
        var low: Text
        var high: Text
        init(from decoder: any Decoder) throws {
            if let pair = try? decoder.singleValueContainer().decode([Text].self) {
                guard pair.count == 2 else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a range is [low, high]"))
                }
                (low, high) = (pair[0], pair[1])
            } else {
                low = try Text(from: decoder)
                high = low
            }
        }
    }
}
