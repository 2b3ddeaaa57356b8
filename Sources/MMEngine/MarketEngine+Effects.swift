import Foundation
import Logging
import MMCore
import MMDecision
import MMPersistence
import Polymarket

extension MarketEngine {
    /// Performs one action; returns the inputs that carry its results back to the machine.
    func perform(_ action: MarketAction) async -> [MarketInput] {
        switch action {
        case .post(let requests): return await post(requests)
        case .cancel(let ids): return await cancel(ids)
        case .sweep: return await sweep()
        case .queryOpenOrders(let purpose):
            let open = try? await gateway.openOrders(market: market.id, assetID: nil)
            if open == nil { logger.warning("open orders unavailable", metadata: ["market": "\(market.id)"]) }
            return [.openOrders(purpose, open.map { $0.compactMap(Self.venueOrder) })]
        case .storeFill(let reported):
            let stored = StoredFill(fill: reported.fill, market: market.id, assetID: reported.assetID, isTaker: reported.isTaker, raw: reported.raw)
            do {
                let write = try await fills.record(stored, nowMilliseconds: nowMilliseconds())
                metrics?.record(fill: reported.fill, write: write)
                if case .statusAdvanced(let from, .failed) = write {
                    incidents?(.fillFailed(market: market.id, tradeID: reported.fill.key.tradeID, from: from))
                }
                return [.fillStored(reported, .written(write))]
            } catch {
                return [.fillStored(reported, .failed(reason: error.description))]
            }
        case .recordTransitions(let transitions):
            return await store(transitions.map { ($0.orderID, $0.state, $0.detail) })
        case .saveEconomics:
            do { try await fills.saveEconomics(market: market.id, ledger: machine.ledger, nowMilliseconds: nowMilliseconds()) } catch {
                logger.error("economics could not be stored (they are rebuilt from the fills at start)", metadata: ["market": "\(market.id)", "error": "\(error)"])
            }
            return []
        case .riskEvent(let kind, let reason):
            metrics?.record(riskEvent: kind)
            incidents?(.riskEvent(market: market.id, kind: kind, reason: reason))
            do { try await database.recordRiskEvent(market: market.id, kind: kind, reason: reason, nowMilliseconds: nowMilliseconds()) } catch {
                logger.error("risk event could not be stored", metadata: ["market": "\(market.id)", "kind": "\(kind)", "reason": "\(reason)", "error": "\(error)"])
            }
            return []
        case .exposure(let net):
            exposure?.update(market: market.id, net: net)
            publishHolding()
            return []
        case .releaseCollateral(let amount):
            balance?.release(amount)
            return []
        case .syncTrades:
            await syncTrades()
            return []
        case .recordMarkouts(let due):
            metrics?.record(markouts: due)
            let stored = due.map { StoredMarkout(tradeID: $0.tradeID, horizonMilliseconds: $0.horizonMilliseconds, market: market.id, perShareMicros: $0.perShare) }
            // Evidence, not money: a failed write is logged and quoting goes on (the estimate lives in memory).
            do { try await database.record(markouts: stored, nowMilliseconds: nowMilliseconds()) } catch {
                logger.error("fill markouts could not be stored", metadata: ["market": "\(market.id)", "error": "\(error)"])
            }
            return []
        case .log(let record):
            var metadata: Logger.Metadata = ["market": "\(market.id)"]
            for (key, value) in record.metadata { metadata[key] = "\(value)" }
            logger.log(level: record.level.loggerLevel, "\(record.message)", metadata: metadata)
            return []
        }
    }

    /// Signs, stores every intent in one transaction (state `signed`: after a crash it may or may not
    /// exist, and startup reconciliation asks the venue), sends one batch per post-only flag and records
    /// the answers in one more transaction. A BUY quote the balance pre-flight cannot fund is kept back.
    private func post(_ requests: [OrderRequest]) async -> [MarketInput] {
        let now = nowMilliseconds()
        var results: [PostResult] = []
        var funded: [OrderRequest] = []
        for request in requests {
            if case .quote(let leg) = request.purpose, let negRisk,
                let refusal = negRisk.reserve(
                    market: market.id, tick: machine.tick, leg: leg, yesPrice: request.outcome == .yes ? request.price : request.price.complement,
                    size: request.size)
            {
                results.append(PostResult(clientID: request.clientID, orderID: nil, outcome: .notSent(message: "neg-risk event: \(refusal)")))
                metrics?.rejected("event_guard")
            } else if case .quote = request.purpose, request.side == .buy, let balance, !balance.reserve(request.cost) {
                results.append(PostResult(clientID: request.clientID, orderID: nil, outcome: .keptBack(availableMicros: balance.availableMicros ?? 0)))
                metrics?.rejected("balance_preflight")
            } else {
                funded.append(request)
            }
        }
        let firstSalt = salt &+ 1
        salt &+= UInt64(funded.count)
        var signed: [OrderPreparer.Prepared] = []
        for prepared in preparer.prepare(funded, tick: machine.tick, firstSalt: firstSalt, nowMilliseconds: now) {
            switch prepared {
            case .signed(let entry): signed.append(entry)
            case .refused(let refusal):
                results.append(refusal)
                metrics?.rejected("not_signed")
            }
        }
        let intents = signed.map(\.intent)
        var feedback: [MarketInput] = []
        // The intent log holds every signed order before any leaves.
        if !intents.isEmpty {
            do { try await database.record(intents: intents) } catch {
                logger.error("order intents could not be stored; not sent", metadata: ["market": "\(market.id)", "error": "\(error)"])
                metrics?.rejected("not_stored", count: signed.count)
                for entry in signed {
                    results.append(PostResult(clientID: entry.request.clientID, orderID: nil, outcome: .notSent(message: "intent not stored: \(error)")))
                }
                return [.posted(results), .storeFailed(reason: "\(error)")]
            }
        }
        for postOnly in [true, false] {
            let batch = signed.filter { $0.request.postOnly == postOnly }
            guard !batch.isEmpty else { continue }
            let answers: [PostResult]
            // Event → orders handed to the HTTP client: timed at the hand-off, not at the answer.
            if let arrived = Self.inputArrived { metrics?.recordRequote(since: arrived) }
            do {
                let replies = try await gateway.postOrders(batch.map { ($0.order, $0.type) }, postOnly: postOnly)
                CrashPoint.afterSend.reached()  // the soak's "between send and answer" (off unless MMD_CRASH_AT is set)
                metrics?.record(replies: replies)
                answers = zip(batch, replies).map { entry, reply in
                    PostResult(clientID: entry.request.clientID, orderID: entry.order.orderIDHex, outcome: Self.outcome(of: reply))
                }
            } catch {
                logger.warning("order batch failed", metadata: ["market": "\(market.id)", "error": "\(error)"])
                metrics?.rejected(error.code == .notSent ? "not_sent" : "ambiguous", count: batch.count)
                answers = batch.map { entry in
                    PostResult(
                        clientID: entry.request.clientID, orderID: entry.order.orderIDHex,
                        outcome: error.code == .notSent ? .notSent(message: error.description) : .ambiguous(message: error.description))
                }
            }
            results += answers
            feedback += await store(answers.compactMap(Self.transition(for:)))
        }
        return [.posted(results)] + feedback
    }

    private func cancel(_ ids: [String]) async -> [MarketInput] {
        guard !ids.isEmpty else { return [] }
        var feedback: [MarketInput] = []
        do {
            let response = try await gateway.cancel(orderIDs: ids)
            metrics?.recordCancelled(response.canceled.count)
            feedback += await store(
                response.canceled.map { ($0, OrderState.cancelled, nil) } + response.notCanceled.sorted { $0.key < $1.key }.map { ($0.key, .cancelled, $0.value) })
            return [.cancelled(.answered(canceled: response.canceled, notCanceled: response.notCanceled, requested: ids))] + feedback
        } catch {
            return [.cancelled(.failed(requested: ids, message: error.description))] + feedback
        }
    }

    /// Cancels every order of ours in the market at the venue; whatever the log still calls possibly-live
    /// is gone afterwards. Every order is in the intent log before it is sent, so when the log has nothing
    /// possibly-live left (the cancels by id confirmed everything) the venue has nothing of ours here and
    /// the request is saved: a thousand markets stop within the venue's cancel rate limits.
    private func sweep() async -> [MarketInput] {
        do {
            let before = try await database.intents(market: market.id)
            if before.isEmpty { return [.swept(orderIDs: [])] }
            let swept = try await gateway.cancelMarketOrders(market: market.id, assetID: nil)
            let leftovers = try await database.intents(market: market.id).map(\.orderID)
            let ids = Array(Set(swept.canceled).union(leftovers)).sorted()
            return [.swept(orderIDs: swept.canceled)] + (await store(ids.map { ($0, OrderState.cancelled, "market sweep") }))
        } catch {
            logger.error("market sweep failed: orders may remain until the heartbeat switch fires", metadata: ["market": "\(market.id)", "error": "\(error)"])
            return []
        }
    }

    /// Records intent-log transitions in one transaction (group-committed with other markets' writes); a
    /// failure stops quoting in this market.
    func store(_ transitions: [(String, OrderState, String?)]) async -> [MarketInput] {
        guard !transitions.isEmpty else { return [] }
        let now = nowMilliseconds()
        do {
            try await fills.apply(transitions.map { OrderTransition(orderID: $0.0, state: $0.1, matched: nil, detail: $0.2, atMilliseconds: now) })
            return []
        } catch {
            logger.error("intent log transitions could not be stored", metadata: ["market": "\(market.id)", "count": "\(transitions.count)", "error": "\(error)"])
            return [.storeFailed(reason: "\(error)")]
        }
    }

    /// Whether the store takes writes again (probed while a failure stops quoting).
    func storeIsWritable() async -> Bool {
        do {
            try await database.probeWritable()
            return true
        } catch {
            return false
        }
    }
}

extension LogRecord.Level {
    var loggerLevel: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        }
    }
}
