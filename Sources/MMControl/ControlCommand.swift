public import MMCore

/// Which markets a command acts on.
public enum MarketSelector: Sendable, Hashable {
    case all
    case market(String)
}

/// Every command of the protocol with its validated arguments.
public enum ControlCommand: Sendable, Hashable {
    case status
    case version
    case markets
    /// Start making a market while running (`{"market": "0x…"}`).
    case marketsAdd(market: String)
    /// Stop making a market: its orders cancelled; `keep_position` leaves a non-flat position as it is.
    case marketsRemove(market: String, keepPosition: Bool)
    /// The venue's rewarded markets ranked as `mmd markets discover` ranks them, from the running daemon.
    case marketsDiscover(DiscoveryRequest)
    case pnl(market: String?)
    /// `intended`: in dry-run and paper, the orders that would rest at the venue now instead.
    case orders(market: String?, intended: Bool = false)
    case fills(sinceMilliseconds: Int64?, limit: Int)
    case pause(MarketSelector)
    case resume(MarketSelector)
    case liquidate(LiquidationMode, MarketSelector)
    case halt
    case configGet(key: String?)
    case configSet(key: String, value: String)
    case reload
    /// Reads the level (`nil`) or sets it.
    case logLevel(String?)
    /// Expected against paid liquidity rewards per market for a UTC day (`YYYY-MM-DD`; `nil` = today),
    /// fetching the venue's figure first.
    case rewards(day: String?)
    /// Sends a test alert to every configured destination and answers per destination.
    case alertsTest
    /// Performance figures (fill rate, reward rate, markouts, time two-sided and per risk state) of one
    /// market or all (`nil`).
    case stats(market: String?)

    /// Command names as they appear in `cmd`.
    public static let names = ["status", "version", "markets", "markets.add", "markets.remove", "markets.discover", "pnl", "orders", "fills", "pause", "resume", "liquidate", "halt", "config.get", "config.set", "reload", "log-level", "rewards", "alerts.test", "stats"]

    /// Commands that change what the daemon does; recorded in the audit log.
    public var isMutating: Bool {
        switch self {
        case .pause, .resume, .liquidate, .halt, .configSet, .reload, .marketsAdd, .marketsRemove: true
        case .logLevel(let level): level != nil
        default: false
        }
    }

    /// Whether `text` is a calendar date written `YYYY-MM-DD` (leap years included).
    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    public static func parse(_ request: ControlRequest) throws(ControlError) -> ControlCommand {
        var args = ArgumentReader(request.arguments, command: request.command)
        let command: ControlCommand
        switch request.command {
        case "status": command = .status
        case "version": command = .version
        case "markets": command = .markets
        case "markets.add": command = .marketsAdd(market: try args.conditionID())
        case "markets.remove": command = .marketsRemove(market: try args.conditionID(), keepPosition: try args.bool("keep_position") ?? false)
        case "markets.discover":
            let limit = try args.integer("limit") ?? 20
            guard (1...1_000).contains(limit) else { throw ControlError(.invalidArguments, "markets.discover: limit (\(limit)) must be between 1 and 1000") }
            command = .marketsDiscover(DiscoveryRequest(
                limit: Int(limit), minDailyReward: try args.string("min_daily_reward"), minLiquidity: try args.string("min_liquidity"),
                minVolume: try args.string("min_volume"), maxSpread: try args.string("max_spread"), excludeNegRisk: try args.bool("exclude_neg_risk") ?? false,
                endsAfterHours: try args.integer("ends_after_hours")))
        case "pnl": command = .pnl(market: try args.string("market"))
        case "orders": command = .orders(market: try args.string("market"), intended: try args.bool("intended") ?? false)
        case "fills":
            let limit = try args.integer("limit") ?? 50
            guard (1...10_000).contains(limit) else { throw ControlError(.invalidArguments, "fills: limit (\(limit)) must be between 1 and 10000") }
            command = .fills(sinceMilliseconds: try args.integer("since"), limit: Int(limit))
        case "pause": command = .pause(try args.selector())
        case "resume": command = .resume(try args.selector())
        case "liquidate":
            guard let text = try args.string("mode") else { throw ControlError(.invalidArguments, "liquidate: mode is required (market, limit or passive)") }
            guard let mode = LiquidationMode(rawValue: text) else { throw ControlError(.invalidArguments, "liquidate: mode (\(text)) must be market, limit or passive") }
            command = .liquidate(mode, try args.selector())
        case "halt": command = .halt
        case "config.get": command = .configGet(key: try args.string("key"))
        case "config.set":
            guard let key = try args.string("key"), let value = try args.string("value") else {
                throw ControlError(.invalidArguments, "config.set: key and value (strings) are required, e.g. {\"key\":\"strategy.spreadFraction\",\"value\":\"0.4\"}")
            }
            command = .configSet(key: key, value: value)
        case "reload": command = .reload
        case "log-level": command = .logLevel(try args.string("level"))
        case "rewards":
            let day = try args.string("day")
            if let day, !Self.isISODate(day) { throw ControlError(.invalidArguments, "rewards: day (\(day)) must be a UTC date as YYYY-MM-DD, e.g. 2026-01-16") }
            command = .rewards(day: day)
        case "alerts.test": command = .alertsTest
        case "stats": command = .stats(market: try args.string("market"))
        default:
            throw ControlError(.unknownCommand, "unknown command '\(request.command)' (known: \(names.joined(separator: ", ")))")
        }
        try args.rejectUnknown()
        return command
    }
}

/// Reads typed arguments and remembers which were used, so unknown ones are reported.
struct ArgumentReader {
    let arguments: [String: JSONValue]
    let command: String
    var used: Set<String> = []

    init(_ arguments: [String: JSONValue], command: String) {
        self.arguments = arguments
        self.command = command
    }

    mutating func string(_ name: String) throws(ControlError) -> String? {
        used.insert(name)
        switch arguments[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw ControlError(.invalidArguments, "\(command): \(name) must be a string, not \(other.json)")
        }
    }

    mutating func integer(_ name: String) throws(ControlError) -> Int64? {
        used.insert(name)
        switch arguments[name] {
        case nil, .null?: return nil
        case let value?:
            guard let number = value.int64 else { throw ControlError(.invalidArguments, "\(command): \(name) must be an integer, not \(value.json)") }
            return number
        }
    }

    mutating func bool(_ name: String) throws(ControlError) -> Bool? {
        used.insert(name)
        switch arguments[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?: throw ControlError(.invalidArguments, "\(command): \(name) must be true or false, not \(other.json)")
        }
    }

    /// The required `market`: a condition id, 0x and 64 hex digits.
    mutating func conditionID() throws(ControlError) -> String {
        guard let market = try string("market") else { throw ControlError(.invalidArguments, "\(command): name the market ({\"market\":\"0x…\"})") }
        guard market.count == 66, market.hasPrefix("0x"), market.dropFirst(2).allSatisfy(\.isHexDigit) else {
            throw ControlError(.invalidArguments, "\(command): market (\(market)) must be a condition id: 0x followed by 64 hex digits")
        }
        return market.lowercased()
    }

    mutating func selector() throws(ControlError) -> MarketSelector {
        let market = try string("market")
        used.insert("all")
        let all = arguments["all"]?.bool ?? false
        switch (market, all) {
        case (let market?, false): return .market(market)
        case (nil, true): return .all
        case (_?, true): throw ControlError(.invalidArguments, "\(command): give either market or all, not both")
        case (nil, false): throw ControlError(.invalidArguments, "\(command): name a market ({\"market\":\"0x…\"}) or all markets ({\"all\":true})")
        }
    }

    func rejectUnknown() throws(ControlError) {
        let unknown = Set(arguments.keys).subtracting(used)
        guard unknown.isEmpty else {
            throw ControlError(.invalidArguments, "\(command): unknown argument\(unknown.count > 1 ? "s" : "") \(unknown.sorted().joined(separator: ", "))")
        }
    }
}

/// `markets.discover`'s filters, as `mmd markets discover` takes them (decimals kept as text: the daemon
/// parses them exactly).
public struct DiscoveryRequest: Sendable, Hashable {
    public var limit: Int
    public var minDailyReward: String?
    public var minLiquidity: String?
    public var minVolume: String?
    public var maxSpread: String?
    public var excludeNegRisk: Bool
    public var endsAfterHours: Int64?

    public init(
        limit: Int = 20, minDailyReward: String? = nil, minLiquidity: String? = nil, minVolume: String? = nil, maxSpread: String? = nil, excludeNegRisk: Bool = false,
        endsAfterHours: Int64? = nil
    ) {
        self.limit = limit
        self.minDailyReward = minDailyReward
        self.minLiquidity = minLiquidity
        self.minVolume = minVolume
        self.maxSpread = maxSpread
        self.excludeNegRisk = excludeNegRisk
        self.endsAfterHours = endsAfterHours
    }
}
