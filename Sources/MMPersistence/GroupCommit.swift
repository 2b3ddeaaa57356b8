import Synchronization

/// Leader/follower group commit: callers that arrive while a transaction is being written queue up, and
/// the next transaction takes all of them (up to `maximumBatch`).
///
/// There is no writer task and no polling. A caller that finds nothing being written becomes the
/// **leader**: it writes its own item at once. Callers arriving meanwhile park on a continuation in the
/// queue. When the leader's commit returns, it hands leadership to the oldest parked caller together with
/// the next batch (resumed first, so the disk never idles while results are delivered), then resumes its
/// followers with their results and returns its own. So every caller takes part in at most one commit, and
/// waits for at most the commit in progress plus its own.
///
/// Invariant (under the mutex): a non-empty queue implies `isWriting`, because only a finishing leader
/// clears `isWriting`, and only when the queue is empty.
final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    /// Writes `items` in one transaction; on success, one output per item, in item order.
    typealias Commit = @Sendable ([Item]) async -> Result<[Output], PersistenceError>

    private struct Waiter: Sendable {
        let item: Item
        let continuation: CheckedContinuation<Turn, Never>
    }

    private enum Turn: Sendable {
        /// The transaction holding the item returned.
        case done(Result<Output, PersistenceError>)
        /// Lead the next transaction: the caller's own item plus these followers.
        case lead(followers: [Waiter])
    }

    private struct State: Sendable {
        var queue: [Waiter] = []
        var isWriting = false
    }

    private let state = Mutex(State())
    private let maximumBatch: Int
    private let commit: Commit

    init(maximumBatch: Int, commit: @escaping Commit) {
        self.maximumBatch = max(maximumBatch, 1)
        self.commit = commit
    }

    /// Returns once the transaction containing `item` committed (or finally failed).
    ///
    /// Cancelling the caller does not withdraw the item: once handed over it is written and its result
    /// delivered, so a caller never has to guess whether it was stored.
    func submit(_ item: Item) async -> Result<Output, PersistenceError> {
        let leadsAtOnce = state.withLock { state in
            guard !state.isWriting else { return false }
            state.isWriting = true
            return true
        }
        guard !leadsAtOnce else { return await lead(item, followers: []) }
        let turn = await withCheckedContinuation { continuation in
            let leadsNow = state.withLock { state in
                // The leader may have finished since the check above: then the queue is empty and this caller leads.
                guard !state.isWriting else {
                    state.queue.append(Waiter(item: item, continuation: continuation))
                    return false
                }
                state.isWriting = true
                return true
            }
            if leadsNow { continuation.resume(returning: .lead(followers: [])) }
        }
        switch turn {
        case .done(let result): return result
        case .lead(let followers): return await lead(item, followers: followers)
        }
    }

    private func lead(_ item: Item, followers: [Waiter]) async -> Result<Output, PersistenceError> {
        let result = await commit([item] + followers.map(\.item))
        let next: [Waiter] = state.withLock { state in
            guard !state.queue.isEmpty else {
                state.isWriting = false
                return []
            }
            let count = min(state.queue.count, maximumBatch)
            let batch = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            return batch
        }
        if let leader = next.first { leader.continuation.resume(returning: .lead(followers: Array(next.dropFirst()))) }
        switch result {
        case .success(let outputs):
            for (index, follower) in followers.enumerated() { follower.continuation.resume(returning: .done(.success(outputs[index + 1]))) }
            return .success(outputs[0])
        case .failure(let error):
            for follower in followers { follower.continuation.resume(returning: .done(.failure(error))) }
            return .failure(error)
        }
    }
}
