import MMCore
import Polymarket

/// Batches cancels across markets: the ids of every engine that cancels while a request is being
/// assembled go out in one `DELETE /orders` (at most ``maximumBatch`` ids), and each engine gets the part
/// of the answer that concerns its own ids. A thousand markets stopping at once make a handful of
/// requests instead of a thousand, well inside the venue's request rate limits.
///
/// Leader/follower like ``OrderBatcher``: the first caller while nothing is being assembled waits
/// `window`, then sends everything pending, request by request; a caller's ids are never split.
public actor CancelBatcher {
    let gateway: any VenueGateway
    let window: Duration
    public static let maximumBatch = 500

    private struct Pending {
        var id: Int
        var orderIDs: [String]
    }

    private var pending: [Pending] = []
    private var waiters: [Int: CheckedContinuation<Result<CancelResponse, ClobError>, Never>] = [:]
    private var results: [Int: Result<CancelResponse, ClobError>] = [:]
    private var leaderActive = false
    private var nextID = 0
    public private(set) var requestsSent = 0

    public init(gateway: any VenueGateway, window: Duration = .milliseconds(2)) {
        self.gateway = gateway
        self.window = window
    }

    public func cancel(_ orderIDs: [String]) async -> Result<CancelResponse, ClobError> {
        nextID += 1
        let id = nextID
        pending.append(Pending(id: id, orderIDs: orderIDs))
        guard !leaderActive else {
            return await withCheckedContinuation { continuation in
                if let ready = results.removeValue(forKey: id) { continuation.resume(returning: ready) } else { waiters[id] = continuation }
            }
        }
        leaderActive = true
        try? await Task.sleep(for: window)
        while !pending.isEmpty {
            var batch: [Pending] = []
            var count = 0
            while let next = pending.first, batch.isEmpty || count + next.orderIDs.count <= Self.maximumBatch {
                batch.append(pending.removeFirst())
                count += next.orderIDs.count
            }
            requestsSent += 1
            let outcome: Result<CancelResponse, ClobError>
            do { outcome = .success(try await gateway.cancel(orderIDs: batch.flatMap(\.orderIDs))) } catch { outcome = .failure(error) }
            for request in batch { deliver(request.id, outcome.map { Self.share(of: $0, for: request.orderIDs) }) }
        }
        leaderActive = false
        return results.removeValue(forKey: id) ?? .failure(ClobError(.unexpectedResponse, "cancel batch result missing"))
    }

    /// The part of a batch's answer about `ids`.
    static func share(of response: CancelResponse, for ids: [String]) -> CancelResponse {
        let own = Set(ids)
        return CancelResponse(canceled: response.canceled.filter(own.contains), notCanceled: response.notCanceled.filter { own.contains($0.key) })
    }

    private func deliver(_ id: Int, _ result: Result<CancelResponse, ClobError>) {
        if let waiter = waiters.removeValue(forKey: id) { waiter.resume(returning: result) } else { results[id] = result }
    }
}
