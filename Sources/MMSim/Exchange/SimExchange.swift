import MMCore
import Polymarket

/// Settings of the simulated venue's behaviour.
public struct SimExchangeSettings: Sendable, Hashable {
    public var chain: Chain = .polygon
    /// MATCHED → MINED after this long, then → CONFIRMED after `confirmDelay` more.
    public var mineDelayMilliseconds: Int64 = 2_000
    public var confirmDelayMilliseconds: Int64 = 4_000
    /// Probability, in millionths, that a matched trade ends FAILED (and is reversed).
    public var failureProbabilityMillionths: Int64 = 0
    /// An armed heartbeat not refreshed for this long cancels every order of the key.
    public var heartbeatTimeoutMilliseconds: Int64 = 10_000
    /// GTD orders stop this long before their `expiration`, and an expiration must be at least this far
    /// ahead (the venue's one-minute security threshold, ``GoodTillDate/securityThresholdSeconds``).
    public var gtdSecurityMilliseconds: Int64 = GoodTillDate.securityThresholdSeconds * 1_000
    public var seed: UInt64 = 1
    /// pUSD credited (micro-units) to every address when its first API key is created; 0 = none.
    /// A simulator convenience so a new key can trade at once; the real venue funds nothing.
    public var autoFundCollateral: Int64 = 0

    public init() {}
}

/// The simulated CLOB: a deterministic state machine that checks, matches and settles orders like the
/// venue and records the events its websockets publish.
///
/// One book per market in the YES view (a BUY NO at p rests as a YES ask at 1 − p), price-time priority,
/// partial fills, mints (BUY YES against BUY NO) and merges (SELL against SELL), balances and
/// reservations in base units. Every method takes `now`; nothing reads a clock.
public struct SimExchange: Sendable {
    public internal(set) var settings: SimExchangeSettings
    public internal(set) var markets: [String: SimMarketSpec] = [:]
    var tokenToMarket: [String: String] = [:]
    public internal(set) var balances: [String: SimBalance] = [:]
    var keys: [String: SimAPIKey] = [:]
    /// Deposit wallets (signature type 3) registered to an EOA.
    var depositWallets: [String: String] = [:]
    public internal(set) var orders: [String: SimOrder] = [:]
    var bids: [String: [String]] = [:]
    var asks: [String: [String]] = [:]
    public internal(set) var trades: [SimTrade] = []
    var tradeIndex: [String: Int] = [:]
    /// Trades waiting for their next status, earliest first.
    var lifecycle = SimHeap<LifecycleStep>()
    /// Resting GTD orders by the time they leave the book, earliest first (entries of orders already
    /// gone are skipped when they come up).
    var expiries = SimHeap<Expiry>()
    /// Resting order ids per API key: the dead-man switch, cancel-all and open-order reads touch only
    /// the key's own orders.
    var orderIDsByOwner: [String: Set<String>] = [:]
    /// Indices into `trades` per API key that took part (as taker or maker), oldest first.
    var tradeIndicesByOwner: [String: [Int]] = [:]
    /// Every signed order hash the venue accepted: one that was placed, cancelled, filled or expired is
    /// refused when posted again (`Duplicated`), as the venue refuses it.
    var placedOrderIDs: Set<String> = []
    /// Allowances an address changed from the default (collateral approved without limit, CTF tokens
    /// approved), which every funded or auto-funded account has so that it can trade at once.
    var approvals: [String: SimApprovals] = [:]
    /// Resting orders (by id) whose maker wins every race: each is cancelled the instant an order arrives
    /// that would match it, before the match. It scripts the quote-fading race a taker meets at the real
    /// venue (liquidity seen in the book gone when the order lands), so tests can make a leg miss on purpose.
    public var fadingOrderIDs: Set<String> = []
    /// Accounts the venue restricted (by normalised address): closed-only or banned.
    var accountStatus: [String: SimAccountStatus] = [:]
    /// Read-only API keys per API key.
    var readonlyKeys: [String: [String]] = [:]
    var heartbeats: [String: (id: String, last: Int64)] = [:]
    var sequence: UInt64 = 0
    var rng: SimRandom
    var events: [SimEvent] = []
    public internal(set) var rewardEarnings: [String: [String: Int64]] = [:]
    /// Σ of each owner's sampled Q_min per market (`market|owner`) and of all owners' (`market`): the
    /// reward-score share a backtest reports.
    public internal(set) var rewardScoreSums: [String: Int64] = [:]
    /// Taker fees charged so far, micro-pUSD.
    public internal(set) var feesCollected: Int64 = 0
    var lastRewardSampleMinute: Int64?

    public init(settings: SimExchangeSettings = SimExchangeSettings(), markets: [SimMarketSpec]) {
        self.settings = settings
        rng = SimRandom(seed: settings.seed)
        for market in markets { list(market) }
    }

    public mutating func list(_ market: SimMarketSpec) {
        markets[market.conditionID] = market
        tokenToMarket[market.yesToken] = market.conditionID
        tokenToMarket[market.noToken] = market.conditionID
        bids[market.conditionID] = bids[market.conditionID] ?? []
        asks[market.conditionID] = asks[market.conditionID] ?? []
    }

    /// Sets the probability, in millionths, that a newly matched trade ends FAILED.
    public mutating func setFailureProbability(millionths: Int64) { settings.failureProbabilityMillionths = millionths }

    /// Hands the recorded events to the caller and forgets them.
    public mutating func drainEvents() -> [SimEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    // MARK: Accounts and keys

    public mutating func fund(_ address: String, collateral: Int64 = 0, tokens: [String: Int64] = [:]) {
        let key = Self.normalize(address)
        balances[key, default: SimBalance()].collateral += collateral
        for (token, amount) in tokens { balances[key, default: SimBalance()].tokens[token, default: 0] += amount }
    }

    public func balance(of address: String) -> SimBalance { balances[Self.normalize(address)] ?? SimBalance() }

    /// Registers `wallet` as the deposit wallet (signature type 3) of `owner`.
    public mutating func registerDepositWallet(_ wallet: String, owner: String) {
        depositWallets[Self.normalize(wallet)] = Self.normalize(owner)
    }

    /// The API key of `address` for `nonce`, created if needed: the same inputs always give the same key,
    /// like the venue's derive.
    public mutating func apiKey(for address: String, nonce: UInt64) -> SimAPIKey {
        let key = Self.derivedKey(for: address, nonce: nonce)
        if keys[key.key] == nil, settings.autoFundCollateral > 0, !keys.values.contains(where: { $0.address == key.address }) {
            fund(key.address, collateral: settings.autoFundCollateral)
        }
        keys[key.key] = key
        return key
    }

    /// The credentials of `address` and `nonce`, whether or not they were created.
    static func derivedKey(for address: String, nonce: UInt64) -> SimAPIKey {
        let seed = Array(Self.normalize(address).utf8) + UInt256(nonce).bigEndianBytes
        let h = Keccak256.hash(seed + Array("key".utf8))
        let hex = Hex.encode(h.prefix(16), prefix: false)
        let uuid = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20).prefix(12)].joined(separator: "-")
        return SimAPIKey(
            key: String(uuid), secret: Base64URL.encode(Keccak256.hash(seed + Array("secret".utf8))),
            passphrase: Hex.encode(Keccak256.hash(seed + Array("passphrase".utf8)), prefix: false), address: Address(address)?.checksummed ?? address)
    }

    public func key(_ apiKey: String) -> SimAPIKey? { keys[apiKey] }

    /// The key `apiKey(for:nonce:)` gives, if it exists (was created and not deleted).
    public func existingKey(for address: String, nonce: UInt64) -> SimAPIKey? { keys[Self.derivedKey(for: address, nonce: nonce).key] }

    /// `DELETE /auth/api-key`: the key stops authenticating; its address may create it again.
    public mutating func deleteKey(_ apiKey: String) {
        keys[apiKey] = nil
        readonlyKeys[apiKey] = nil
    }

    /// The allowances of an address (the default: everything approved).
    public func approvals(of address: String) -> SimApprovals { approvals[Self.normalize(address)] ?? SimApprovals() }

    /// Sets an address's allowances (`POST /admin/allowance`): tests revoke them to see the venue's refusal.
    public mutating func setApprovals(_ value: SimApprovals, of address: String) { approvals[Self.normalize(address)] = value }

    /// `POST /auth/readonly-api-key`: a read-only key derived from the key and how many it has.
    public mutating func createReadonlyKey(for apiKey: String) -> String {
        let hex = Hex.encode(Keccak256.hash(Array("\(apiKey)|readonly|\(readonlyKeys[apiKey, default: []].count)|\(sequence)".utf8)).prefix(16), prefix: false)
        let uuid = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20).prefix(12)].joined(separator: "-")
        readonlyKeys[apiKey, default: []].append(uuid)
        sequence += 1
        return uuid
    }

    public func readonlyKeys(of apiKey: String) -> [String] { readonlyKeys[apiKey] ?? [] }

    public mutating func deleteReadonlyKey(_ key: String, of apiKey: String) -> Bool {
        guard let index = readonlyKeys[apiKey]?.firstIndex(of: key) else { return false }
        readonlyKeys[apiKey]?.remove(at: index)
        return true
    }

    static func normalize(_ address: String) -> String { address.lowercased() }

    mutating func nextSequence() -> UInt64 {
        sequence += 1
        return sequence
    }
}

/// A trade's next status change.
struct LifecycleStep: Comparable, Sendable {
    var due: Int64
    var tradeID: String
    var next: TradeStatus
    static func < (a: Self, b: Self) -> Bool { (a.due, a.tradeID) < (b.due, b.tradeID) }
    static func == (a: Self, b: Self) -> Bool { a.due == b.due && a.tradeID == b.tradeID }
}

/// When a resting GTD order leaves the book.
struct Expiry: Comparable, Sendable {
    var at: Int64
    var sequence: UInt64
    var orderID: String
    static func < (a: Self, b: Self) -> Bool { (a.at, a.sequence) < (b.at, b.sequence) }
}

/// SplitMix64: the simulator's only source of randomness, seeded, so a run is reproducible.
struct SimRandom: Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1_000_000).
    mutating func millionths() -> Int64 { Int64(next() % 1_000_000) }
}

extension SimRandom {
    /// An exponential waiting time with the given mean (milliseconds, ≥ 1), from integer arithmetic
    /// only: −ln U = ln 2 · (32 − log₂ k) for U = k / 2³² with k uniform in [1, 2³²], log₂ to 16
    /// fractional bits by repeated squaring. The gaps of a Poisson process, so a market can sleep
    /// until its next arrival instead of drawing a coin every step.
    mutating func exponential(meanMilliseconds mean: Int64) -> Int64 {
        let k = (next() >> 32) + 1
        let integerPart = UInt64(63 - k.leadingZeroBitCount)
        // y = k / 2^integerPart in [1, 2) as a Q32 fixed-point number.
        var y = k << (32 - integerPart)
        var fraction: UInt64 = 0
        for bit in stride(from: 15, through: 0, by: -1) {
            let (high, low) = y.multipliedFullWidth(by: y)
            y = high << 32 | low >> 32
            if y >= 1 << 33 {
                y >>= 1
                fraction |= 1 << UInt64(bit)
            }
        }
        let minusLog2 = Int64(32 << 16) - Int64(integerPart << 16 | fraction)
        let scaled = FixedPoint.multiplyDivide(mean, minusLog2, dividingBy: 1 << 16, rounding: .down) ?? Int64.max / 2
        return max(1, FixedPoint.multiplyDivide(scaled, 693_147, dividingBy: 1_000_000, rounding: .down) ?? Int64.max / 2)
    }
}
