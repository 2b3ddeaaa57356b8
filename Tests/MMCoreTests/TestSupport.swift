import MMCore

/// SplitMix64: a tiny seeded generator so property tests are random in coverage yet replayable.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func price(_ text: String) -> Price { try! Price(text) }
func shares(_ text: String) -> Quantity { try! Quantity(text) }
func money(_ text: String) -> Money { try! Money(text) }
func cents(_ value: Int64) -> Int64 { value * 10_000 }

/// A two-sided book from (price, size) strings.
func book(bids: [(String, String)], asks: [(String, String)]) -> OrderBook {
    OrderBook(
        bids: bids.map { BookLevel(price: price($0.0), size: shares($0.1)) },
        asks: asks.map { BookLevel(price: price($0.0), size: shares($0.1)) })
}
