import MMCore

/// What an engine tells an observer beside its log and metrics: the risk events it records and fills the
/// venue reversed. The daemon turns them into alerts; the handler must not block (it runs on the engine).
public enum EngineIncident: Sendable, Hashable {
    /// The machine's `riskEvent` action (`stop`, `halt`, `flat`, `balance`, `store`, …), as stored.
    case riskEvent(market: String, kind: String, reason: String)
    /// A fill of ours whose trade went FAILED after it was reported in an earlier status (MATCHED, …).
    case fillFailed(market: String, tradeID: String, from: TradeStatus)
}
