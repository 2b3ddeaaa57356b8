import MMCore
import Polymarket

/// The venue's answer to an accepted order.
public struct SimAck: Sendable, Hashable {
    public var orderID: String
    /// live (resting) or matched (matched on entry; a FAK's unmatched rest is cancelled).
    public var status: String
    public var tradeIDs: [String]
}

extension SimExchange {
    /// Checks, matches and (for the remainder) rests an order, exactly as the venue would, or refuses it
    /// with the venue's status and message.
    ///
    /// - Parameters:
    ///   - apiKey: the key whose HMAC authenticated the request.
    ///   - owner: the body's `owner` field.
    public mutating func submit(
        _ order: OrderV2, signature: [UInt8], owner: String, apiKey: String, orderType: OrderType, postOnly: Bool, nowMilliseconds now: Int64
    ) -> Result<SimAck, SimRejection> {
        guard let key = keys[apiKey] else { return .failure(SimRejection(status: 401, "Unauthorized/Invalid api key")) }
        guard owner == apiKey else { return .failure(.ownerNotKey) }
        if postOnly, orderType == .fok || orderType == .fak { return .failure(SimRejection("INVALID_POST_ONLY_ORDER_TYPE: post-only is only allowed with GTC and GTD orders")) }
        guard let marketID = tokenToMarket[order.tokenID.description], let market = markets[marketID], let outcome = market.outcome(of: order.tokenID.description) else {
            return .failure(SimRejection(status: 400, "Invalid order payload: unknown token id \(order.tokenID)"))
        }
        let exchange = Exchange(negRisk: market.negRisk)
        let digest = order.digest(exchange: exchange, chain: settings.chain)
        let id = Hex.encode(digest)
        if let rejection = verifySignature(order, signature: signature, key: key, exchange: exchange, digest: digest) { return .failure(rejection) }
        // A restriction names the account: the funding wallet or the key's own address.
        if let rejection = restriction(of: order.maker.checksummed, side: order.side) ?? restriction(of: order.signer.checksummed, side: order.side) {
            return .failure(rejection)
        }

        // Price and size from the signed amounts; the grid and the minimum are the venue's checks.
        let size = order.side == .buy ? order.takerAmount : order.makerAmount
        let cash = order.side == .buy ? order.makerAmount : order.takerAmount
        guard size > 0, cash > 0 else { return .failure(.invalidPayload) }
        guard cash < size else { return .failure(SimRejection("order \(id) is invalid. Price (≥ 1) breaks minimum tick size rule: \(market.tick)")) }
        guard let price = Self.limitPrice(cash: cash, size: size, tick: market.tick) else {
            let exact = cash.multipliedFullWidth(by: 1_000_000)
            let (priceMicros, remainder) = UInt64(size).dividingFullWidth(exact)
            let priceText = FixedPoint.format(micros: Int64(priceMicros)) + (remainder == 0 ? "" : "…")
            return .failure(SimRejection("order \(id) is invalid. Price (\(priceText)) breaks minimum tick size rule: \(market.tick)"))
        }
        let quantity = Quantity(micros: Int64(size))
        if placedOrderIDs.contains(id) { return .failure(SimRejection("order \(id) is invalid. Duplicated.")) }
        var incoming = SimOrder(
            id: id, owner: apiKey, maker: Self.normalize(order.maker.checksummed), market: marketID, outcome: outcome, side: order.side, price: price,
            originalSize: quantity, matched: .zero, orderType: orderType.rawValue, createdAtMilliseconds: now, expiresAtMilliseconds: nil,
            expiration: order.expiration, sequence: 0)
        // A BUY that takes at once is a market order: its maker amount is the pUSD to spend.
        if order.side == .buy, orderType == .fok || orderType == .fak { incoming.budget = Money(micros: Int64(cash)) }
        let result = place(incoming, orderType: orderType, postOnly: postOnly, nowMilliseconds: now)
        if case .success = result { placedOrderIDs.insert(id) }
        return result
    }

    /// The order's limit price: the grid price its amounts imply. Limit orders carry exact ratios; a
    /// market order as the official clients build it divides one amount by the price and fits the result
    /// to the tick's amount decimals (BUY: shares = pUSD / price to 4 decimals at tick 0.01), so the
    /// venue accepts any pair within that rounding of a grid price: |shares × p − pUSD| at most one unit
    /// of the last amount decimal (plus a base unit for the clients' float rounding).
    static func limitPrice(cash: UInt64, size: UInt64, tick: TickSize) -> Price? {
        guard let ratio = FixedPoint.multiplyDivide(Int64(cash), FixedPoint.scale, dividingBy: Int64(size), rounding: .nearestEven) else { return nil }
        let grid = tick.round(ratio, .nearestEven)
        guard let price = Price(micros: grid), price >= tick.minimumPrice, price <= tick.maximumPrice else { return nil }
        var tolerance: Int64 = 1
        for _ in 0..<(6 - tick.priceDecimals - 2) { tolerance *= 10 }
        guard let implied = FixedPoint.multiplyDivide(Int64(size), grid, dividingBy: FixedPoint.scale, rounding: .nearestEven) else { return nil }
        return abs(implied - Int64(cash)) <= tolerance + 1 ? price : nil
    }

    /// Places an order for a simulator-owned participant (background liquidity, takers): every venue
    /// check except the signature, which such participants do not have.
    public mutating func placeAgentOrder(
        owner: String, maker: String, market marketID: String, outcome: Outcome, side: Side, price: Price, size: Quantity, orderType: OrderType,
        postOnly: Bool = false, nowMilliseconds now: Int64
    ) -> Result<SimAck, SimRejection> {
        guard let market = markets[marketID] else { return .failure(SimRejection("unknown market \(marketID)")) }
        guard market.tick.isOnGrid(price), price >= market.tick.minimumPrice, price <= market.tick.maximumPrice else {
            return .failure(SimRejection("order is invalid. Price (\(price)) breaks minimum tick size rule: \(market.tick)"))
        }
        let order = SimOrder(
            id: "agent-\(nextSequence())", owner: owner, maker: Self.normalize(maker), market: marketID, outcome: outcome, side: side, price: price,
            originalSize: size, matched: .zero, orderType: orderType.rawValue, createdAtMilliseconds: now, expiresAtMilliseconds: nil, expiration: 0, sequence: 0)
        return place(order, orderType: orderType, postOnly: postOnly, nowMilliseconds: now)
    }

    /// The checks after authentication and the signature, then matching and resting.
    ///
    /// - Parameter checkMinimum: `false` only for recorded depth (``replaceBook(market:owner:maker:bids:asks:nowMilliseconds:)``).
    mutating func place(_ order: SimOrder, orderType: OrderType, postOnly: Bool, checkMinimum: Bool = true, nowMilliseconds now: Int64) -> Result<SimAck, SimRejection> {
        var incoming = order
        let market = markets[order.market]!
        if checkMinimum, incoming.originalSize < market.minOrderSize, orderType == .gtc || orderType == .gtd {
            return .failure(SimRejection("order \(order.id) is invalid. Size (\(incoming.originalSize)) lower than the minimum: \(market.minOrderSize)"))
        }
        if orderType == .gtd {
            guard let end = gtdEnd(expiration: order.expiration, nowMilliseconds: now) else { return .failure(.invalidExpiration) }
            incoming.expiresAtMilliseconds = end
        }
        if let budget = incoming.budget {
            // The shares the pUSD buys at the makers' prices, within the limit; FOK must spend it all.
            let (shares, spent) = affordableShares(budget, for: incoming)
            if orderType == .fok, budget.micros - spent.micros > Self.budgetDust {
                return .failure(SimRejection("order couldn't be fully filled. FOK orders are fully filled or killed."))
            }
            if shares.micros > 0 { incoming.originalSize = shares }
        }
        let balance = balances[order.maker] ?? SimBalance()
        let approved = approvals[order.maker] ?? SimApprovals()
        switch order.side {
        case .buy:
            let cost = incoming.budget?.micros ?? Money.notional(order.price, order.originalSize, rounding: .up).micros
            if balance.availableCollateral < cost || approved.collateral < cost { return .failure(.notEnoughBalance) }
        case .sell: if balance.availableTokens(market.token(order.outcome)) < order.originalSize.micros || !approved.conditional { return .failure(.notEnoughBalance) }
        }
        fadeOrders(meeting: incoming, nowMilliseconds: now)
        let crossing = crossingLiquidity(for: incoming)
        if postOnly, crossing.micros > 0 { return .failure(.crossesBook) }
        if orderType == .fok, crossing < incoming.originalSize {
            return .failure(SimRejection("order couldn't be fully filled. FOK orders are fully filled or killed."))
        }
        if orderType == .fak, crossing.micros == 0 {
            return .failure(SimRejection("no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found."))
        }
        incoming.sequence = nextSequence()
        let tradeID = match(&incoming, nowMilliseconds: now)
        let tradeIDs = tradeID.map { [$0] } ?? []
        if incoming.remaining.micros > 0, orderType == .gtc || orderType == .gtd {
            rest(incoming, nowMilliseconds: now)
            return .success(SimAck(orderID: incoming.id, status: tradeIDs.isEmpty ? "live" : "matched", tradeIDs: tradeIDs))
        }
        // FOK and FAK orders reach here only having matched (else they were refused): `matched`, with the
        // rest of a FAK cancelled.
        return .success(SimAck(orderID: incoming.id, status: "matched", tradeIDs: tradeIDs))
    }

    /// pUSD a market BUY may leave unspent and still count as filled in full: what a micro-share's
    /// rounding leaves at any price.
    static let budgetDust: Int64 = 1

    /// The venue's GTD rule: a non-zero `expiration` (Unix seconds) at least now + the security threshold,
    /// compared in whole seconds with the boundary accepted. Returns when the order stops (expiration
    /// minus the threshold), or `nil` to refuse it with `invalid expiration`.
    func gtdEnd(expiration: UInt64, nowMilliseconds now: Int64) -> Int64? {
        let (expirationMilliseconds, overflow) = Int64(clamping: expiration).multipliedReportingOverflow(by: 1_000)
        guard expiration > 0, !overflow, expirationMilliseconds >= now / 1_000 * 1_000 + settings.gtdSecurityMilliseconds else { return nil }
        return expirationMilliseconds - settings.gtdSecurityMilliseconds
    }

    static let v1Exchange = Address("0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E")!
    static let v1NegRiskExchange = Address("0xC5d563A36AE78145C45a50134d48A1215220f80a")!

    func verifySignature(_ order: OrderV2, signature: [UInt8], key: SimAPIKey, exchange: Exchange, digest: [UInt8]) -> SimRejection? {
        let keyAddress = Self.normalize(key.address)
        switch order.signatureType {
        case .eoa, .polyProxy, .polyGnosisSafe:
            guard let sig = Signature(bytes: signature), let recovered = sig.recoverAddress(digest: digest) else { return .invalidSignature }
            guard recovered == order.signer else {
                // Signed under the V1 exchange's domain (version "1", V1 contract): a version mismatch.
                let v1 = EIP712.domainSeparator(name: "Polymarket CTF Exchange", version: "1", chainID: settings.chain.rawValue, verifyingContract: exchange == .negRisk ? Self.v1NegRiskExchange : Self.v1Exchange)
                if sig.recoverAddress(digest: EIP712.digest(domainSeparator: v1, structHash: order.structHash)) == order.signer { return .versionMismatch }
                return .invalidSignature
            }
            guard Self.normalize(order.signer.checksummed) == keyAddress else { return .signerNotKey }
            // The exchange checks the maker against the signer: the EOA itself, or the proxy or Safe the
            // signer owns, derived by CREATE2.
            if FunderWallet.funder(of: order.signer, signatureType: order.signatureType) != order.maker { return .invalidSignature }
            return nil
        case .poly1271:
            guard let parts = Poly1271.unwrap(signature), parts.typeString == OrderV2.typeString else { return .invalidSignature }
            let domain = exchange.domainSeparator(chain: settings.chain)
            guard parts.appDomainSeparator == domain, parts.contentsHash == order.structHash, order.maker == order.signer else { return .invalidSignature }
            let inner = Poly1271.innerDigest(order: order, appDomainSeparator: domain, chain: settings.chain)
            guard let owner = parts.inner.recoverAddress(digest: inner) else { return .invalidSignature }
            let wallet = Self.normalize(order.signer.checksummed)
            guard Self.normalize(owner.checksummed) == keyAddress, depositWallets[wallet] == keyAddress else { return .signerNotKey }
            return nil
        }
    }
}
