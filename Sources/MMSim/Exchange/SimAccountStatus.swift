import MMCore

/// What the venue lets an account do. A closed-only account may cancel and sell what it holds (reduce its
/// positions), not buy; a banned one may place nothing. Both keep their orders cancellable.
public enum SimAccountStatus: String, Sendable, Hashable, CaseIterable {
    case ok
    case closedOnly = "closed-only"
    case banned
}

extension SimExchange {
    public mutating func setStatus(_ status: SimAccountStatus, of address: String) {
        accountStatus[Self.normalize(address)] = status == .ok ? nil : status
    }

    public func status(of address: String) -> SimAccountStatus { accountStatus[Self.normalize(address)] ?? .ok }

    /// The venue's refusal of an order from a restricted account (`'<addr>' address banned`, `'<addr>'
    /// address in closed only mode` for a BUY), or `nil`.
    func restriction(of address: String, side: Side) -> SimRejection? {
        switch status(of: address) {
        case .ok: nil
        case .banned: SimRejection("'\(address)' address banned")
        case .closedOnly: side == .buy ? SimRejection("'\(address)' address in closed only mode") : nil
        }
    }
}
