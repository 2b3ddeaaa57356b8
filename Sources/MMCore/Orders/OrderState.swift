/// Where an order of ours is in its life, as the intent log records it.
public enum OrderState: String, Sendable, Hashable, CaseIterable {
    /// Signed and stored; not yet sent. After a crash in this state the order may or may not exist.
    case signed
    /// Sent; waiting for the answer.
    case posting
    /// The venue answered: resting.
    case live
    /// Sent but unanswered (timeout): must be resolved by asking the venue before anything else is sent.
    case ambiguous
    case rejected
    case filled
    case cancelling
    case cancelled
    /// Expected at the venue but not found there during reconciliation.
    case lost
    /// A GTD order the venue removed at its expiration.
    case expired

    /// Whether the order might still rest at the venue.
    public var mayBeLive: Bool {
        switch self {
        case .signed, .posting, .live, .ambiguous, .cancelling: true
        case .rejected, .filled, .cancelled, .lost, .expired: false
        }
    }
}
