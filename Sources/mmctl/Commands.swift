import ArgumentParser
import Foundation
import MMControl

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Daemon and per-market state: risk state, mid, net exposure, P&L, orders.")
    @OptionGroup var connection: Connection

    func run() throws {
        try connection.run("status") { result in
            var text = "\(result["version"]?.string ?? "mmd")  \(result["phase"]?.string ?? "?")  venue \(result["venue"]?.string ?? "?")"
                + "  up \(result["uptime_seconds"]?.int64 ?? 0) s  total P&L \(result["total_pnl"]?.string ?? "0")\n"
            if let dryRun = result["dry_run"] {
                // Dry-run says so first: every figure below is what would have happened, nothing was sent.
                text += "DRY-RUN: nothing is sent; \(dryRun["posts_not_sent"]?.int64 ?? 0) posts and \(dryRun["cancels_not_sent"]?.int64 ?? 0) cancels held back, "
                    + "\(dryRun["intended_orders"]?.array?.count ?? 0) orders would rest now; the trades printed would have filled them "
                    + "\(dryRun["would_have_filled"]?.int64 ?? 0) times, P&L \(dryRun["would_have_been_pnl"]?.string ?? "0") (queue position ignored)\n"
            }
            if let paper = result["paper"] {
                // Paper says so first: the P&L below is from fills matched on this machine, nothing was sent.
                text += "PAPER: nothing is sent; orders fill locally against the venue's book and trades (queue position modelled): "
                    + "\(paper["fills"]?.int64 ?? 0) paper fills (\(paper["filled_shares"]?.string ?? "0") shares), "
                    + "\(paper["resting"]?.array?.count ?? 0) paper orders resting, \(paper["refused"]?.int64 ?? 0) refused as the venue would\n"
            }
            if let scoring = result["scoring"], let checked = scoring["checked"]?.int64, checked > 0 {
                text += "scoring checks \(checked): not scoring \(scoring["venue_not_scoring"]?.int64 ?? 0), model mismatches \(scoring["mismatches"]?.int64 ?? 0)\n"
            }
            text += Table.render(result["markets"]?.array ?? [], columns: [("MARKET", "market"), ("STATE", "state"), ("MID", "mid"), ("NET", "net"), ("P&L", "pnl"), ("ORDERS", "live_orders"), ("FILLS", "fills")])
            // A market that cannot score for rewards says so under the table, with the reason.
            for market in result["markets"]?.array ?? [] where market["scores"]?.bool == false {
                if let id = market["market"]?.string, let why = market["reward_scoring"]?.string, why.hasPrefix("cannot score") { text += "\n\(id): \(why)" }
            }
            return text
        }
    }
}

struct PnL: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pnl", abstract: "Positions and P&L per market (realized, unrealized at mid, today).")
    @OptionGroup var connection: Connection
    @Argument(help: "One market (default: all).") var market: String?

    func run() throws {
        try connection.run("pnl", market.map { ["market": .string($0)] } ?? [:]) { result in
            Table.render(result.array ?? [], columns: [
                ("MARKET", "market"), ("YES", "yes"), ("NO", "no"), ("NET", "net"), ("MID", "mid"), ("REALIZED", "realized"), ("UNREALIZED", "unrealized"),
                ("TOTAL", "total"), ("TODAY", "today_realized"), ("REWARDS", "today_rewards"),
            ])
        }
    }
}

struct Markets: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The markets being made; add or remove one while mmd runs.", subcommands: [List.self, Add.self, Remove.self, Discover.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The markets being made, with tick, reward band and risk state (the default).")
        @OptionGroup var connection: Connection

        func run() throws {
            try connection.run("markets") { result in
                Table.render(result.array ?? [], columns: [
                    ("MARKET", "market"), ("STATE", "state"), ("TICK", "tick"), ("BAND", "reward_max_spread"), ("MIN SIZE", "reward_min_size"), ("NAME", "name"),
                ])
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start making a market now: looked up at the venue, reconciled, subscribed, then quoted (for this run; add it to mmd.yaml to keep it).")
        @OptionGroup var connection: Connection
        @Argument(help: "The market's condition id (0x and 64 hex digits).") var market: String

        func run() throws {
            try connection.run("markets.add", ["market": .string(market)]) { result in
                "making \(result["added"]?.string ?? market)\(result["name"]?.string.map { " (\($0))" } ?? ""): \(result["markets"]?.int64 ?? 0) markets now"
            }
        }
    }

    struct Discover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The venue's rewarded markets ranked by what two scoring quotes would earn on each book now, per pUSD of capital (as mmd markets discover, through the running daemon's venue).")
        @OptionGroup var connection: Connection
        @Option(help: "Rows to print (1–1000).") var limit = 20
        @Option(help: "Only markets whose reward pool pays at least this many pUSD a day.") var minDailyReward: String?
        @Option(help: "Only markets with at least this much liquidity (Gamma's figure, pUSD).") var minLiquidity: String?
        @Option(help: "Only markets with at least this much volume in the last 24 h (pUSD).") var minVolume: String?
        @Option(help: "Only markets whose book spread is at most this (e.g. 0.03).") var maxSpread: String?
        @Flag(help: "Leave out neg-risk (multi-outcome) markets.") var excludeNegRisk = false
        @Option(help: "Only markets ending at least this many hours from now.") var endsAfter: Int64?

        func run() throws {
            var arguments: [String: JSONValue] = ["limit": .integer(Int64(limit)), "exclude_neg_risk": .bool(excludeNegRisk)]
            for (key, value) in [("min_daily_reward", minDailyReward), ("min_liquidity", minLiquidity), ("min_volume", minVolume), ("max_spread", maxSpread)] {
                if let value { arguments[key] = .string(value) }
            }
            if let endsAfter { arguments["ends_after_hours"] = .integer(endsAfter) }
            try connection.run("markets.discover", arguments) { result in
                let rows = (result["markets"]?.array ?? []).enumerated().map { index, row -> JSONValue in
                    var fields = row.object ?? [:]
                    fields["rank"] = .integer(Int64(index + 1))
                    return .object(fields)
                }
                return Table.render(rows, columns: [
                    ("#", "rank"), ("MARKET", "market"), ("POOL/DAY", "daily_reward"), ("BAND", "max_spread"), ("MIN", "min_size"), ("MID", "mid"),
                    ("SPREAD", "spread"), ("SHARE", "share"), ("EST/DAY", "expected_per_day"), ("CAPITAL", "capital"), ("NET/DAY", "net_per_day"), ("QUESTION", "question"),
                ]) + "\n\(result["listed"]?.int64 ?? 0) open markets listed, \(rows.count) shown; mmctl markets add ID makes one now"
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop making a market: every order of it cancelled; refused while it holds a position unless --keep-position.")
        @OptionGroup var connection: Connection
        @Argument(help: "The market's condition id.") var market: String
        @Flag(help: "Remove it even with a position, which is left as it is (it stays in the database and counts in the exposure caps).")
        var keepPosition = false

        func run() throws {
            try connection.run("markets.remove", ["market": .string(market), "keep_position": .bool(keepPosition)]) { result in
                "stopped making \(result["removed"]?.string ?? market) (YES \(result["yes"]?.string ?? "0"), NO \(result["no"]?.string ?? "0") held): \(result["markets"]?.int64 ?? 0) markets now"
            }
        }
    }
}

struct Orders: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Our orders that may be live at the venue (from the intent log).")
    @OptionGroup var connection: Connection
    @Argument(help: "One market (default: all).") var market: String?
    @Flag(help: "In a dry-run or paper run: the orders that would rest at the venue now (paper: with the size queued ahead).") var intended = false

    func run() throws {
        var arguments: [String: JSONValue] = market.map { ["market": .string($0)] } ?? [:]
        if intended {
            arguments["intended"] = .bool(true)
            try connection.run("orders", arguments) { result in
                Table.render(result.array ?? [], columns: [
                    ("MARKET", "market"), ("ORDER", "order_id"), ("OUTCOME", "outcome"), ("SIDE", "side"), ("PRICE", "price"), ("SIZE", "size"), ("AHEAD", "queue_ahead"),
                ])
            }
            return
        }
        try connection.run("orders", arguments) { result in
            Table.render(result.array ?? [], columns: [
                ("ORDER", "order_id"), ("OUTCOME", "outcome"), ("SIDE", "side"), ("PRICE", "price"), ("SIZE", "size"), ("MATCHED", "matched"), ("STATE", "state"),
            ])
        }
    }
}

struct Fills: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recent fills, newest first.")
    @OptionGroup var connection: Connection
    @Option(help: "Only fills from the last N minutes.") var since: Int64?
    @Option(help: "At most this many fills.") var limit: Int = 50

    func run() throws {
        var arguments: [String: JSONValue] = ["limit": .integer(limit)]
        if let since { arguments["since"] = .integer(Int64(Date().timeIntervalSince1970) * 1_000 - since * 60_000) }
        try connection.run("fills", arguments) { result in
            let rows = result.array ?? []
            let banner = rows.contains { $0["paper"]?.bool == true } ? "PAPER fills: matched on this machine, never at the venue\n" : ""
            return banner + Table.render(rows, columns: [
                ("TIME MS", "time_ms"), ("MARKET", "market"), ("OUTCOME", "outcome"), ("SIDE", "side"), ("PRICE", "price"), ("SIZE", "size"), ("STATUS", "status"),
            ])
        }
    }
}

struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop quoting a market (or --all): its orders are cancelled; positions stay.")
    @OptionGroup var connection: Connection
    @OptionGroup var choice: MarketChoice

    func run() throws {
        try connection.run("pause", choice.arguments) { "paused: " + ($0["paused"]?.array?.compactMap(\.string).joined(separator: ", ") ?? "") }
    }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Quote again after pause, halt or a stop-loss (rearms the stop).")
    @OptionGroup var connection: Connection
    @OptionGroup var choice: MarketChoice

    func run() throws {
        try connection.run("resume", choice.arguments) { "resumed: " + ($0["resumed"]?.array?.compactMap(\.string).joined(separator: ", ") ?? "") }
    }
}

struct Liquidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Close positions through the stop-loss paths: market (FAK up to the slippage cap), limit (at mid, repriced) or passive (cancel and wait).")
    @OptionGroup var connection: Connection
    @Option(help: "market, limit or passive.") var mode: String
    @OptionGroup var choice: MarketChoice

    func validate() throws {
        guard ["market", "limit", "passive"].contains(mode) else { throw ValidationError("--mode must be market, limit or passive") }
    }

    func run() throws {
        var arguments = choice.arguments
        arguments["mode"] = .string(mode)
        try connection.run("liquidate", arguments) { result in
            "liquidating (\(mode)):\n" + Table.render(result["markets"]?.array ?? [], columns: [("MARKET", "market"), ("STATE", "state"), ("NET", "net")])
        }
    }
}

struct Halt: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel every order and stop quoting everywhere; mmd stays up. `mmctl resume --all` undoes it.")
    @OptionGroup var connection: Connection

    func run() throws {
        try connection.run("halt") { "halted: every order cancelled in \($0["markets"]?.int64 ?? 0) markets" }
    }
}

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read the running configuration or change a live key.", subcommands: [Get.self, Set.self])

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the effective configuration, or one key.")
        @OptionGroup var connection: Connection
        @Argument(help: "A key such as strategy.spreadFraction.") var key: String?

        func run() throws {
            try connection.run("config.get", key.map { ["key": .string($0)] } ?? [:]) { result in
                (result.object ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value.string ?? $0.value.json)" }.joined(separator: "\n")
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a live key, validated like the file; recorded in the audit log.")
        @OptionGroup var connection: Connection
        @Argument(help: "strategy.orderSize, strategy.spreadFraction, strategy.rebalanceThreshold, skew.enabled, skew.skewFactor, skew.startSkewAt or limits.maxNetExposure.") var key: String
        @Argument(help: "The new value, as in the YAML file.") var value: String

        func run() throws {
            try connection.run("config.set", ["key": .string(key), "value": .string(value)]) { result in
                (result.object ?? [:]).map { "\($0.key) = \($0.value.string ?? $0.value.json)" }.joined(separator: "\n")
            }
        }
    }
}

struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Re-read the configuration file (as SIGHUP does); live keys apply at once.")
    @OptionGroup var connection: Connection

    func run() throws {
        try connection.run("reload") { result in
            let changed = result["changed"]?.array?.compactMap(\.string) ?? []
            let restart = result["needs_restart"]?.array?.compactMap(\.string) ?? []
            return (changed.isEmpty ? "no changes" : "changed: " + changed.joined(separator: ", "))
                + (restart.isEmpty ? "" : "\nneeds a restart to take effect: " + restart.joined(separator: ", "))
        }
    }
}

struct LogLevel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log-level", abstract: "Show or set the daemon's log level.")
    @OptionGroup var connection: Connection
    @Argument(help: "trace, debug, info, notice, warning, error or critical.") var level: String?

    func run() throws {
        try connection.run("log-level", level.map { ["level": .string($0)] } ?? [:]) { "log level: \($0["level"]?.string ?? "?")" }
    }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The daemon's version and protocol.")
    @OptionGroup var connection: Connection

    func run() throws {
        try connection.run("version") { $0["version"]?.string ?? "?" }
    }
}

/// Plain-text tables: one row per object, the listed fields as columns.
enum Table {
    static func render(_ rows: [JSONValue], columns: [(title: String, key: String)]) -> String {
        guard !rows.isEmpty else { return "(none)" }
        let cells = rows.map { row in columns.map { column -> String in
            guard let value = row[column.key] else { return "-" }
            switch value {
            case .null: return "-"
            case .string(let text): return column.key == "market" && text.count > 14 ? String(text.prefix(10)) + "…" + String(text.suffix(4)) : text
            default: return value.json
            }
        } }
        let widths = columns.indices.map { index in max(columns[index].title.count, cells.map { $0[index].count }.max() ?? 0) }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(columns.map(\.title))] + cells.map(line)).joined(separator: "\n")
    }
}
