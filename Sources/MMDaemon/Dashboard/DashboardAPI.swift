import Foundation
import MMCore
import MMDecision
import MMEngine
import MMPersistence
import Synchronization

/// What the dashboard's JSON endpoints answer, read from the sampler's latest round (the overview), the
/// engine itself (one actor hop for a market page) and SQLite (fills, markouts, risk events, the series).
struct DashboardAPI: Sendable {
    let monitor: DaemonMonitor
    let sampler: DashboardSampler

    /// The chart ranges the page offers, in seconds; a range is drawn with at most ``maxPoints`` points.
    static let ranges: [(String, Int64)] = [("5m", 300), ("15m", 900), ("1h", 3_600), ("6h", 21_600), ("24h", 86_400), ("7d", 604_800)]
    static let maxPoints: Int64 = 600

    static func rangeSeconds(_ name: String) -> Int64? { ranges.first { $0.0 == name }?.1 }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }

    /// The sort keys `/api/overview` takes.
    static let sortKeys: Set<String> = ["market", "name", "state", "net", "pnl", "reward_share", "fills", "mid", "exposure"]

    /// One page of the latest round: filtered (a case-insensitive substring of the id, name or state),
    /// sorted (ties by market id), then cut to `offset..<offset+limit` (limit 1…500).
    func overview(offset: Int, limit: Int, sort: String, descending: Bool, filter: String) -> OverviewPage {
        let (rows, sampledAt) = sampler.latest
        let needle = filter.trimmingCharacters(in: .whitespaces).lowercased()
        var matched = needle.isEmpty
            ? rows
            : rows.filter { row in
                row.market.lowercased().contains(needle) || (row.name?.lowercased().contains(needle) ?? false) || row.state.contains(needle)
            }
        let key = Self.sortKeys.contains(sort) ? sort : "market"
        matched.sort { a, b in
            let order = Self.compare(a, b, by: key)
            if order != 0 { return descending ? order > 0 : order < 0 }
            return a.market < b.market
        }
        let limit = min(max(limit, 1), 500)
        let offset = min(max(offset, 0), matched.count)
        var totals = OverviewPage.Totals(markets: rows.count, quoting: 0, pnl: 0, realized: 0, unrealized: 0, rewards: 0, grossNet: 0, fills: 0, byState: [:])
        for row in rows {
            totals.byState[row.state, default: 0] += 1
            if row.state == RiskState.quoting.rawValue { totals.quoting += 1 }
            totals.pnl += row.pnl
            totals.realized += row.realized
            totals.unrealized += row.unrealized
            totals.rewards += row.rewards
            totals.grossNet += abs(row.net)
            totals.fills += row.fills
        }
        return OverviewPage(
            total: rows.count, matched: matched.count, offset: offset, limit: limit, sort: key, descending: descending, sampledAt: sampledAt, totals: totals,
            rows: Array(matched[offset..<min(offset + limit, matched.count)]))
    }

    /// -1, 0 or 1.
    static func compare(_ a: OverviewRow, _ b: OverviewRow, by key: String) -> Int {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        switch key {
        case "name": return sign(a.name ?? a.market, b.name ?? b.market)
        case "state": return sign(a.state, b.state)
        case "net": return sign(a.net, b.net)
        case "exposure": return sign(abs(a.net), abs(b.net))
        case "pnl": return sign(a.pnl, b.pnl)
        case "reward_share": return sign(a.rewardShare, b.rewardShare)
        case "fills": return sign(a.fills, b.fills)
        case "mid": return sign(a.mid ?? -1, b.mid ?? -1)
        default: return sign(a.market, b.market)
        }
    }

    /// The engine of `id` (or of the one market whose id starts with it, at least 6 characters).
    func engine(_ id: String) async -> MarketEngine? {
        guard let center = monitor.state.withLock({ $0.center }) else { return nil }
        let engines = await center.engines
        if let engine = engines[id] { return engine }
        let matches = id.count >= 6 ? engines.values.filter { $0.market.id.hasPrefix(id) } : []
        return matches.count == 1 ? matches[0] : nil
    }

    func name(_ market: String) async -> String? {
        guard let center = monitor.state.withLock({ $0.center }) else { return nil }
        return await center.names[market]
    }

    /// A market page's data: the live view, the book near the touch with our orders and whether each
    /// scores, the newest fills with their markouts and the newest risk events.
    func detail(market id: String, levels: Int = 12, history: Int = 50) async throws -> MarketDetail? {
        guard let engine = await engine(id), let database = monitor.state.withLock({ $0.database }) else { return nil }
        let view = await engine.dashboardView
        let market = engine.market.id
        let live = view.orders.filter { $0.state == "live" }
        let verdicts = ScoringAssessment.verdicts(
            orders: live.map { ($0.orderID ?? "", RewardOrder(outcome: $0.outcome, side: $0.side, price: $0.price, size: $0.remaining)) }, book: view.book,
            rewards: view.rewards)
        var verdictByOrder: [String: ModelVerdict] = [:]
        for verdict in verdicts { verdictByOrder[verdict.orderID] = verdict }
        var oursAt: [QuoteLeg: [Int64: Int64]] = [:]
        for order in live { oursAt[order.leg, default: [:]][order.yesPrice.micros, default: 0] += order.remaining.micros }
        let bids = view.book.bids.prefix(levels).map { MarketDetail.Level(price: $0.price.micros, size: $0.size.micros, ours: oursAt[.bid]?[$0.price.micros] ?? 0) }
        let asks = view.book.asks.prefix(levels).map { MarketDetail.Level(price: $0.price.micros, size: $0.size.micros, ours: oursAt[.ask]?[$0.price.micros] ?? 0) }
        let orders = view.orders.map { order in
            let verdict = order.state == "live" ? verdictByOrder[order.orderID ?? ""] : nil
            return MarketDetail.Order(
                orderID: order.orderID, leg: order.leg.rawValue, outcome: order.outcome.rawValue, side: order.side.rawValue, price: order.price.micros,
                yesPrice: order.yesPrice.micros, remaining: order.remaining.micros, state: order.state, since: order.sinceMilliseconds,
                scores: verdict?.scores ?? false, reason: verdict?.reason?.rawValue ?? (order.state == "live" ? nil : "not resting"))
        }
        let fills = try await database.recentFills(market: market, limit: history).map { activity in
            let fill = activity.stored.fill
            return MarketDetail.Fill(
                tradeID: fill.key.tradeID, orderID: fill.key.orderID, outcome: fill.outcome.rawValue, side: fill.side.rawValue, price: fill.price.micros,
                yesPrice: fill.outcome == .yes ? fill.price.micros : fill.price.complement.micros, size: fill.size.micros, status: fill.status.rawValue,
                taker: activity.stored.isTaker, time: fill.timestampMilliseconds,
                markouts: Dictionary(uniqueKeysWithValues: activity.markouts.map { ("\($0.key / 1_000)s", $0.value) }))
        }
        let events = try await database.recentRiskEvents(market: market, limit: history).map {
            MarketDetail.RiskEvent(kind: $0.kind, reason: $0.reason, time: $0.atMilliseconds)
        }
        return MarketDetail(
            row: OverviewRow(view, name: await name(market)), strategy: view.strategy, scoring: view.scoringSummary, halt: view.haltReason,
            tick: engine.market.tick.micros, rewardMid: view.rewardMid?.micros, rewardMaxSpread: view.rewards.maxSpread,
            rewardMinSize: view.rewards.minSize.micros, bids: bids, asks: asks, orders: orders, fills: fills, riskEvents: events, now: Self.now())
    }

    /// The series of the last `seconds`, in at most ``maxPoints`` buckets of whole seconds.
    func history(market id: String, seconds: Int64, now: Int64 = Self.now()) async throws -> MarketHistory? {
        guard let engine = await engine(id), let database = monitor.state.withLock({ $0.database }) else { return nil }
        let bucket = max((seconds * 1_000 / Self.maxPoints + 999) / 1_000 * 1_000, 1_000)
        let from = now - seconds * 1_000
        let samples = try await database.samples(market: engine.market.id, from: from, to: now, bucketMilliseconds: bucket)
        return MarketHistory(market: engine.market.id, from: from, to: now, bucket: bucket, samples: samples)
    }
}
