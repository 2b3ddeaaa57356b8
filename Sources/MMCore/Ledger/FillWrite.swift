/// What writing a fill did.
public enum FillWrite: Sendable, Hashable {
    /// First time seen: committed.
    case inserted
    /// Known, and its status moved forward (e.g. MATCHED → CONFIRMED, or → FAILED).
    case statusAdvanced(from: TradeStatus, to: TradeStatus)
    /// Known with the same or a later status: nothing written.
    case duplicate
}
