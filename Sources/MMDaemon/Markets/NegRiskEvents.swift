import Logging
import MMConfig
import MMCore
import MMDecision
import MMEngine
import Polymarket

extension MMConfiguration {
    /// The shared exposure caps and the neg-risk event registry, as `limits.eventExposureMeasure` splits
    /// them: with `worst-case-loss` (the default) `limits.maxEventExposure` caps each event's worst-case
    /// loss over outcomes in pUSD and the Σ |net| book gets no per-event cap; with `net-sum` the reverse.
    /// The no-arbitrage bounds across an event's outcomes hold either way (docs/neg-risk.md).
    public func exposureRegistries() -> (exposure: ExposureRegistry, negRisk: NegRiskRegistry) {
        let worstCase = limits.eventExposureMeasure == .worstCaseLoss
        let exposure = ExposureRegistry(
            settings: ExposureCapSettings(global: limits.maxGlobalExposure, perEvent: worstCase ? nil : limits.maxEventExposure))
        let negRisk = NegRiskRegistry(cap: worstCase ? limits.maxEventExposure.map { Money(micros: $0.micros) } : nil)
        return (exposure, negRisk)
    }
}

/// Neg-risk events as Gamma lists them: each event's quotable outcomes and whether it has a placeholder.
public struct NegRiskEventOutline: Sendable, Hashable {
    public var event: String
    /// Condition ids of the named outcomes (placeholders excluded).
    public var outcomes: [String]
    public var hasPlaceholder: Bool

    public init(event: String, outcomes: [String], hasPlaceholder: Bool) {
        self.event = event
        self.outcomes = outcomes
        self.hasPlaceholder = hasPlaceholder
    }

    /// Declares the event to the registry. Outcomes we do not trade stay in the list (no quotes, nothing
    /// held): a set of our orders missing one cannot be an arbitrage, and that outcome winning is a
    /// scenario of the worst case.
    public func declare(in registry: NegRiskRegistry) {
        registry.declare(event: event, outcomes: outcomes, unheldOutcome: hasPlaceholder)
    }
}

extension Daemon {
    /// Finds the outlines of `events` (negRiskMarketIDs) in Gamma's open events, a bounded number of pages.
    /// An event not found is declared from the markets we loaded plus one unknown outcome: the arbitrage
    /// bounds then never bind (we cannot know we quote every outcome) and the worst case includes an
    /// outcome we hold nothing in — both the safe side.
    func negRiskOutlines(_ events: [String: [String]], gamma: GammaClient) async -> [NegRiskEventOutline] {
        guard !events.isEmpty else { return [] }
        var found: [String: NegRiskEventOutline] = [:]
        var offset = 0
        let pageSize = 100
        do {
            for _ in 0..<20 where found.count < events.count {
                let page = try await gamma.events(limit: pageSize, offset: offset)
                for event in page {
                    guard let id = event.negRiskMarketID, events[id] != nil else { continue }
                    found[id] = NegRiskEventOutline(
                        event: id, outcomes: event.markets.filter { !$0.negRiskOther }.map(\.conditionID), hasPlaceholder: event.markets.contains(where: \.negRiskOther))
                }
                if page.count < pageSize { break }
                offset += page.count
            }
        } catch {
            logger.warning("neg-risk events could not be listed from Gamma", metadata: ["error": "\(error)"])
        }
        return events.sorted { $0.key < $1.key }.map { event, loaded in
            if let outline = found[event] { return outline }
            logger.warning(
                "neg-risk event not found among Gamma's events: its other outcomes are unknown (no arbitrage bound, worst case includes an unknown outcome)",
                metadata: ["event": "\(event)"])
            return NegRiskEventOutline(event: event, outcomes: loaded + ["unknown outcomes of \(event)"], hasPlaceholder: true)
        }
    }
}
