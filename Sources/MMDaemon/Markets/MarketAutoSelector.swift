import Foundation
import Logging
import MMConfig
import MMControl
import MMCore
import MMEngine
import Polymarket

/// `markets.auto`: ranks the venue's rewarded markets (``MarketDiscovery``, as `mmd markets discover`)
/// at start and every `refreshMinutes`, lets ``MarketSelection`` decide, and carries the decisions out
/// through the roster (the same path as `mmctl markets add|remove`), logging each with its reason.
actor MarketAutoSelector {
    let settings: MarketsAutoConfiguration
    let discovery: MarketDiscovery
    let orderSize: Quantity
    /// Markets listed in the configuration: always made, never selected away.
    let pinned: Set<String>
    let logger: Logger

    init(settings: MarketsAutoConfiguration, discovery: MarketDiscovery, orderSize: Quantity, pinned: Set<String>, logger: Logger) {
        self.settings = settings
        self.discovery = discovery
        self.orderSize = orderSize
        self.pinned = pinned
        self.logger = logger
    }

    /// The venue's ranking under the configured filters, best first.
    func ranking() async throws(ClobError) -> [MarketSelection.Candidate] {
        var filters = DiscoveryFilters()
        filters.limit = max(settings.top * 3, settings.top + 20)
        filters.minDailyReward = settings.minDailyReward
        filters.excludeNegRisk = settings.excludeNegRisk
        filters.endsAfterHours = settings.endsAfterHours.map(Int64.init)
        let result = try await discovery.discover(filters, orderSize: orderSize, nowMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000))
        if result.ranked.isEmpty {
            logger.warning(
                "auto selection: no market ranks", metadata: ["listed": "\(result.listed)", "skipped": "\(result.skipped.sorted { $0.key < $1.key })"])
        }
        return result.ranked.map {
            MarketSelection.Candidate(id: $0.facts.conditionID.lowercased(), question: $0.facts.question, netPerDay: $0.netPerDay, capital: $0.capital)
        }
    }

    /// The markets to start with beside the configured ones; none (with the reason logged) when the
    /// venue cannot be ranked now: the first refresh tries again.
    func initialSelection() async -> [String] {
        let ranked: [MarketSelection.Candidate]
        do { ranked = try await ranking() } catch {
            logger.error("auto selection: the venue's markets could not be ranked; starting with the configured markets only", metadata: ["error": "\(error)"])
            return []
        }
        let made = pinned.map { MarketSelection.Made(id: $0, isPinned: true, isFlat: true) }
        return MarketSelection.decide(ranked: ranked, made: made, settings: settings).compactMap { decision in
            guard case .add(let id, let reason) = decision else { return nil }
            logger.notice("auto selection: market selected", metadata: ["market": "\(id)", "reason": "\(reason)"])
            return id
        }
    }

    /// Refreshes every `refreshMinutes` until cancelled.
    func run(center: ControlCenter) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(settings.refreshMilliseconds))
            if Task.isCancelled { break }
            await refresh(center: center)
        }
    }

    /// One selection round against the markets being made now.
    func refresh(center: ControlCenter) async {
        let ranked: [MarketSelection.Candidate]
        do { ranked = try await ranking() } catch {
            logger.warning("auto selection: the venue's markets could not be ranked; the markets made stay as they are", metadata: ["error": "\(error)"])
            return
        }
        let engines = await center.engines
        var made: [MarketSelection.Made] = []
        for (id, engine) in engines {
            let inventory = await engine.currentLedger.inventory
            made.append(MarketSelection.Made(id: id, isPinned: pinned.contains(id), isFlat: !inventory.yes.isPositive && !inventory.no.isPositive))
        }
        guard let roster = await center.roster else { return }
        for decision in MarketSelection.decide(ranked: ranked, made: made, settings: settings) {
            do {
                switch decision {
                case .keep(let id, let reason):
                    logger.debug("auto selection: market kept", metadata: ["market": "\(id)", "reason": "\(reason)"])
                case .add(let id, let reason):
                    _ = try await roster.add(id)
                    logger.notice("auto selection: market added", metadata: ["market": "\(id)", "reason": "\(reason)"])
                case .remove(let id, let reason):
                    _ = try await roster.remove(id, keepPosition: false)
                    logger.notice("auto selection: market dropped", metadata: ["market": "\(id)", "reason": "\(reason)"])
                case .flatten(let id, let reason):
                    await engines[id]?.liquidate(mode: .limit)
                    logger.notice("auto selection: market being flattened before it is dropped", metadata: ["market": "\(id)", "reason": "\(reason)"])
                }
            } catch {
                logger.error("auto selection: \(error.message)", metadata: ["market": "\(decision.market)"])
            }
        }
    }
}
