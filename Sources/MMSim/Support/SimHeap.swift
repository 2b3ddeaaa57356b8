/// A binary min-heap: the simulator's time-ordered queues (trade lifecycle, GTD expiry, the scenario's
/// per-market schedule), so that advancing time costs what is due, not what is waiting.
struct SimHeap<Element: Comparable>: Sendable where Element: Sendable {
    private var items: [Element] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    /// The smallest element, if any.
    var first: Element? { items.first }

    mutating func insert(_ element: Element) {
        items.append(element)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the smallest element.
    mutating func popFirst() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let smallest = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smaller = parent
            if left < items.count, items[left] < items[smaller] { smaller = left }
            if right < items.count, items[right] < items[smaller] { smaller = right }
            if smaller == parent { break }
            items.swapAt(parent, smaller)
            parent = smaller
        }
        return smallest
    }

    /// Removes and returns every element for which `isDue` holds, smallest first, given that `isDue` is
    /// monotone (true for a prefix of the order).
    mutating func popAll(while isDue: (Element) -> Bool) -> [Element] {
        var due: [Element] = []
        while let first, isDue(first) { due.append(popFirst()!) }
        return due
    }
}
