import MMCore
import Polymarket

/// The doctor's verdicts as pure functions of what it found, so each common mistake is tested without
/// a venue: the effectful part (``Doctor``) only gathers the facts.
public enum DoctorJudgement {
    /// The skew up to which the clock passes, and beyond which it fails. The venue's timestamps are whole
    /// seconds, so a second of skew is resolution, not drift; orders' GTD expirations and the auth
    /// headers' timestamps are what a drifting clock breaks.
    public static let clockPassSeconds: Int64 = 2
    public static let clockFailSeconds: Int64 = 10

    static let walletNames: [SignatureType: String] = [
        .eoa: "the key's own address (type 0)", .polyProxy: "its Polymarket proxy wallet (type 1)",
        .polyGnosisSafe: "its Polymarket Safe (type 2)", .poly1271: "its deposit wallet (type 3)",
    ]

    /// The signature type against the funder, before asking the venue anything.
    public static func wallet(signatureType: SignatureType, signer: Address, funder: Address?) -> DoctorResult? {
        switch (signatureType, funder) {
        case (.eoa, let funder?) where funder != signer:
            return .fail(
                .wallet, "signatureType 0 (EOA) trades the key's own address \(signer.checksummed), but venue.funder is \(funder.checksummed)",
                fix: "for a Polymarket proxy wallet (email login) set venue.signatureType: 1, for a Safe (browser wallet) 2, for a deposit wallet 3; or remove venue.funder")
        case (.polyProxy, nil), (.polyGnosisSafe, nil), (.poly1271, nil):
            return .fail(
                .wallet, "signatureType \(signatureType.rawValue) trades from a wallet, but venue.funder is not set",
                fix: "set venue.funder to the wallet's address (polymarket.com shows it as your deposit address), or use signatureType 0 if the key's own address holds the funds")
        case (_, let funder?) where signatureType != .eoa && funder == signer:
            return .fail(
                .wallet, "venue.funder is the key's own address \(signer.checksummed), which is signature type 0, not \(signatureType.rawValue)",
                fix: "set venue.signatureType: 0 and remove venue.funder, or set venue.funder to the wallet that holds the funds")
        case (.polyProxy, let funder?), (.polyGnosisSafe, let funder?):
            // The exchange checks maker == the wallet derived from the signer (CREATE2), so any other funder
            // makes every order's signature invalid.
            let expected = FunderWallet.funder(of: signer, signatureType: signatureType)
            guard let expected, funder != expected else { return nil }
            let other: SignatureType = signatureType == .polyProxy ? .polyGnosisSafe : .polyProxy
            if funder == FunderWallet.funder(of: signer, signatureType: other) {
                return .fail(
                    .wallet, "venue.funder \(funder.checksummed) is this key's \(other == .polyProxy ? "proxy wallet" : "Safe"), not its \(signatureType == .polyProxy ? "proxy wallet" : "Safe")",
                    fix: "set venue.signatureType: \(other.rawValue)")
            }
            return .fail(
                .wallet,
                "venue.funder \(funder.checksummed) is not the \(signatureType == .polyProxy ? "proxy wallet" : "Safe") of this key (\(expected.checksummed)): the exchange refuses every order's signature",
                fix: "check that the key is the one that owns the wallet (polymarket.com: export the key of the same account), or set venue.funder: \(expected.checksummed); a deposit wallet is signatureType 3")
        default:
            return nil
        }
    }

    /// Where the venue sees collateral, per signature type (each type's funder is derived from the key's
    /// EOA): a configured type whose wallet is empty while another type's holds funds is the classic
    /// "not enough balance" mistake.
    public static func wallet(signatureType: SignatureType, collateralByType: [SignatureType: Int64]) -> DoctorResult {
        let configured = collateralByType[signatureType] ?? 0
        let elsewhere = collateralByType.filter { $0.key != signatureType && $0.value > 0 }.sorted { $0.value > $1.value }
        if configured == 0, let (type, micros) = elsewhere.first {
            return .fail(
                .wallet,
                "the venue sees no pUSD for signatureType \(signatureType.rawValue), but \(FixedPoint.format(micros: micros)) pUSD in \(walletNames[type] ?? "type \(type.rawValue)")",
                fix: "set venue.signatureType: \(type.rawValue)" + (type == .eoa ? " and remove venue.funder" : " and venue.funder to that wallet's address"))
        }
        return .pass(.wallet, "signatureType \(signatureType.rawValue): the venue sees \(FixedPoint.format(micros: configured)) pUSD in \(walletNames[signatureType] ?? "the funder")")
    }

    /// The local clock against the venue's `GET /time` (whole seconds).
    public static func clock(localMilliseconds: Int64, serverSeconds: Int64) -> DoctorResult {
        let skewMilliseconds = localMilliseconds - serverSeconds * 1_000
        let seconds = abs(skewMilliseconds) / 1_000
        let direction = skewMilliseconds >= 0 ? "ahead of" : "behind"
        let detail = "the local clock is \(FixedPoint.format(micros: abs(skewMilliseconds) * 1_000)) s \(direction) the venue's"
        let fix = "synchronise the clock: timedatectl set-ntp true (systemd-timesyncd), or chrony"
        if seconds > clockFailSeconds { return .fail(.clock, detail, fix: fix) }
        if seconds > clockPassSeconds { return .warn(.clock, detail, fix: fix) }
        return .pass(.clock, detail)
    }

    /// Free collateral against what quoting needs: one BUY of `orderSize` at 0.50 at the very least, and
    /// both legs of every market (a share of YES plus a share of NO cost about one pUSD) to quote them all.
    public static func balance(collateralMicros: Int64, orderSize: Quantity, markets: Int) -> DoctorResult {
        let one = FixedPoint.multiplyDivide(orderSize.micros, 500_000, dividingBy: FixedPoint.scale, rounding: .up) ?? .max
        let all = orderSize.micros.multipliedReportingOverflow(by: Int64(max(1, markets)))
        let needed = all.overflow ? Int64.max : all.partialValue
        let have = "\(FixedPoint.format(micros: collateralMicros)) pUSD free"
        let fix = "deposit pUSD to the funder wallet (USDC bridged to Polygon and wrapped), or lower strategy.orderSize"
        if collateralMicros < one {
            return .fail(.balance, "\(have); one BUY of \(orderSize) at 0.50 needs \(FixedPoint.format(micros: one))", fix: fix)
        }
        if collateralMicros < needed {
            return .warn(
                .balance, "\(have); quoting both legs of \(markets) market(s) at \(orderSize) shares needs about \(FixedPoint.format(micros: needed))",
                fix: fix + ", or quote fewer markets")
        }
        return .pass(.balance, have)
    }

    /// The venue's allowances (spender → base units) against the spenders our orders need.
    /// `asset` names what is approved, for the message: "pUSD" or "conditional tokens".
    public static func allowances(_ allowances: [String: Int64], required: [(name: String, address: Address)], asset: String) -> DoctorResult? {
        let byAddress = Dictionary(allowances.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: max)
        let missing = required.filter { (byAddress[$0.address.checksummed.lowercased()] ?? 0) <= 0 }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "\($0.name) \($0.address.checksummed)" }.joined(separator: ", ")
        let how = asset == "pUSD" ? "pUSD.approve(spender, max)" : "setApprovalForAll(spender, true) on the Conditional Tokens contract"
        return .fail(
            .allowances, "no \(asset) allowance for \(names): the venue refuses those orders (not enough balance / allowance)",
            fix: "approve from the funder wallet: \(how) for each (the Polymarket web app does this on a first trade), then GET /balance-allowance/update")
    }

    /// A configured market as Gamma lists it; `nil` when it is fit to quote.
    public static func market(id: String, listed: GammaMarket?) -> String? {
        guard let listed else { return "\(id): not found at the venue (Gamma)" }
        if listed.closed { return "\(id): closed" }
        if !listed.active { return "\(id): not active" }
        if !listed.enableOrderBook { return "\(id): has no order book (enableOrderBook false)" }
        if !listed.acceptingOrders { return "\(id): not accepting orders" }
        if listed.binaryTokens == nil { return "\(id): not a binary YES/NO market" }
        return nil
    }
}
