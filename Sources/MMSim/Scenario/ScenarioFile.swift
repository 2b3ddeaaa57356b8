import MMCore
import Yams

/// A scenario as written in YAML (`etc/scenarios/*.yaml`). Decimals are read as their literal text.
struct ScenarioFile: Decodable {
    var name: String?
    var seed: UInt64?
    var durationSeconds: Int64?
    var stepMilliseconds: Int64?
    var markets: [Market]?
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
        var takerFeeRate: Text?
        var rewards: Rewards?
        var fairValue: FairValue?
        var background: Background?
        var takers: Takers?
        var tickSizeChanges: [TickChange]?
    }

    struct Rewards: Decodable { var maxSpread: Text?; var minSize: Text?; var dailyRate: Text? }
    struct Waypoint: Decodable { var at: Int64; var price: Text }
    struct Jumps: Decodable { var probability: Text?; var size: Text? }
    struct FairValue: Decodable {
        var start: Text?
        var volatility: Text?
        var drift: Text?
        var jumps: Jumps?
        var waypoints: [Waypoint]?
    }
    struct Background: Decodable { var levels: Int?; var spacing: Text?; var distance: Text?; var size: Text? }
    struct Noise: Decodable { var ratePerMinute: Text?; var size: Text? }
    struct Informed: Decodable { var ratePerMinute: Text?; var size: Text?; var lookaheadSeconds: Int64? }
    struct Bait: Decodable { var at: Int64; var takeSize: Text; var delaySeconds: Int64? }
    struct Sweep: Decodable { var at: Int64; var side: String; var outcome: String?; var size: Text }
    struct Takers: Decodable { var noise: Noise?; var informed: Informed?; var bait: [Bait]?; var sweeps: [Sweep]? }
    struct TickChange: Decodable { var at: Int64; var tick: Text }
    struct Account: Decodable { var address: String; var collateral: Text?; var yes: Text?; var no: Text? }

    typealias Text = DecimalText
}
