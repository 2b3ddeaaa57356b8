import Polymarket

/// Leader/follower batching of many engines' requests into few venue requests, with no background task:
/// the first caller while nothing is being assembled becomes the leader, waits `window` (other callers
/// join meanwhile, the actor being reentrant), then sends what is pending, request by request, and hands
/// every caller its own part of the answer. A caller's items are never split across two requests, and
/// only callers with the same `compatibility` key share a request.
actor RequestBatcher<Item: Sendable, Answer: Sendable> {
    /// Sends one request of items and answers for them.
    typealias Send = @Sendable (_ items: [Item], _ compatibility: Bool) async -> Result<Answer, ClobError>
    /// The part of a request's answer that concerns one caller's items.
    typealias Share = @Sendable (_ answer: Answer, _ offset: Int, _ items: [Item]) -> Answer

    private struct Pending {
        var id: Int
        var items: [Item]
        var compatibility: Bool
    }

    private let window: Duration
    private let maximumItems: Int
    private let send: Send
    private let share: Share
    private var pending: [Pending] = []
    private var waiters: [Int: CheckedContinuation<Result<Answer, ClobError>, Never>] = [:]
    private var results: [Int: Result<Answer, ClobError>] = [:]
    private var leaderActive = false
    private var nextID = 0
    private(set) var requestsSent = 0

    init(window: Duration, maximumItems: Int, send: @escaping Send, share: @escaping Share) {
        self.window = window
        self.maximumItems = maximumItems
        self.send = send
        self.share = share
    }

    func submit(_ items: [Item], compatibility: Bool = true) async -> Result<Answer, ClobError> {
        nextID += 1
        let id = nextID
        pending.append(Pending(id: id, items: items, compatibility: compatibility))
        guard !leaderActive else {
            return await withCheckedContinuation { continuation in
                if let ready = results.removeValue(forKey: id) { continuation.resume(returning: ready) } else { waiters[id] = continuation }
            }
        }
        leaderActive = true
        try? await Task.sleep(for: window)
        while !pending.isEmpty {
            let key = pending[0].compatibility
            var batch: [Pending] = []
            var count = 0
            while let next = pending.first, next.compatibility == key, batch.isEmpty || count + next.items.count <= maximumItems {
                batch.append(pending.removeFirst())
                count += next.items.count
            }
            requestsSent += 1
            let outcome = await send(batch.flatMap(\.items), key)
            var offset = 0
            for request in batch {
                deliver(request.id, outcome.map { share($0, offset, request.items) })
                offset += request.items.count
            }
        }
        leaderActive = false
        return results.removeValue(forKey: id) ?? .failure(ClobError(.unexpectedResponse, "batch result missing"))
    }

    private func deliver(_ id: Int, _ result: Result<Answer, ClobError>) {
        if let waiter = waiters.removeValue(forKey: id) { waiter.resume(returning: result) } else { results[id] = result }
    }
}
