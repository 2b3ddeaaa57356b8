import Foundation
import MMCore

/// A recorded background market: book snapshots and trades of one market in time order, replayed by
/// a scenario (`tape:`) instead of the background provider and the random takers.
///
/// The file is JSON lines, YES token view, decimals written as strings (never through binary floating
/// point), `t` in milliseconds from the scenario's start, non-decreasing:
///
///     {"meta": {"source": "…"}}                                  (optional, any content, ignored)
///     {"t": 0, "book": {"bids": [["0.48", "120"], …], "asks": [["0.52", "80"], …]}}
///     {"t": 1250, "trade": {"side": "SELL", "price": "0.48", "size": "15"}}
///
/// A book is the whole depth of the other participants (any level order; one entry a price; not crossed).
/// A trade's `side` is the taker's. `docs/simulator.md` ("Replaying a tape") says how it is matched.
public struct Tape: Sendable, Hashable {
    public enum Event: Sendable, Hashable {
        /// Bids best (highest) first, asks best (lowest) first.
        case book(bids: [BookLevel], asks: [BookLevel])
        case trade(side: Side, price: Price, size: Quantity)
    }

    public struct Entry: Sendable, Hashable {
        public var atMilliseconds: Int64
        public var event: Event
        public init(atMilliseconds: Int64, event: Event) {
            self.atMilliseconds = atMilliseconds
            self.event = event
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// When the last event happens (ms from the start); 0 for an empty tape.
    public var spanMilliseconds: Int64 { entries.last?.atMilliseconds ?? 0 }

    /// The recorded mid of the first book, or `nil` without a two-sided book.
    public var firstMid: Int64? {
        for entry in entries {
            if case .book(let bids, let asks) = entry.event, let mid = Self.mid(bids: bids, asks: asks) { return mid }
        }
        return nil
    }

    /// The midpoint of a recorded book (micro-units, may fall between ticks), `nil` when a side is empty.
    static func mid(bids: [BookLevel], asks: [BookLevel]) -> Int64? {
        guard let bid = bids.first?.price.micros, let ask = asks.first?.price.micros else { return nil }
        return (bid + ask) / 2
    }

    /// Parses a tape, naming the line of every problem (all of them, in file order).
    public static func parse(jsonLines text: String, source: String) throws(TapeError) -> Tape {
        var entries: [Entry] = []
        var problems: [String] = []
        var last: Int64 = 0
        let decoder = JSONDecoder()
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let number = offset + 1
            let raw: Line
            do { raw = try decoder.decode(Line.self, from: Data(trimmed.utf8)) } catch {
                problems.append("line \(number): not a tape line (decimals are strings, t an integer): \(error)")
                continue
            }
            if raw.meta != nil, raw.book == nil, raw.trade == nil { continue }
            guard let t = raw.t, (raw.book == nil) != (raw.trade == nil) else {
                problems.append("line \(number): needs \"t\" and exactly one of \"book\", \"trade\" (or only \"meta\")")
                continue
            }
            if t < last { problems.append("line \(number): t \(t) goes back in time (after \(last))") }
            last = max(last, t)
            do throws(TapeLineError) {
                if let book = raw.book {
                    entries.append(Entry(atMilliseconds: t, event: try Self.book(book)))
                } else if let trade = raw.trade {
                    entries.append(Entry(atMilliseconds: t, event: try Self.trade(trade)))
                }
            } catch {
                problems.append("line \(number): \(error.message)")
            }
        }
        guard problems.isEmpty else { throw TapeError(source: source, problems: problems) }
        return Tape(entries: entries)
    }

    /// Reads and parses a tape file.
    public static func load(path: String) throws(TapeError) -> Tape {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw TapeError(source: path, problems: ["cannot read the tape: \(error.localizedDescription)"])
        }
        return try parse(jsonLines: text, source: path)
    }

    private static func book(_ book: Line.Book) throws(TapeLineError) -> Event {
        func levels(_ pairs: [[String]], _ name: String) throws(TapeLineError) -> [BookLevel] {
            var seen: Set<Int64> = []
            var result: [BookLevel] = []
            for pair in pairs {
                guard pair.count == 2 else { throw TapeLineError("\(name): a level is [price, size]") }
                let level = try Self.level(price: pair[0], size: pair[1], name)
                guard seen.insert(level.price.micros).inserted else { throw TapeLineError("\(name): price \(level.price) listed twice") }
                result.append(level)
            }
            return result
        }
        let bids = try levels(book.bids ?? [], "bids").sorted { $0.price > $1.price }
        let asks = try levels(book.asks ?? [], "asks").sorted { $0.price < $1.price }
        if let bid = bids.first?.price, let ask = asks.first?.price, bid >= ask {
            throw TapeLineError("the book is crossed (best bid \(bid) ≥ best ask \(ask))")
        }
        return .book(bids: bids, asks: asks)
    }

    private static func trade(_ trade: Line.Trade) throws(TapeLineError) -> Event {
        guard let side = Side(rawValue: trade.side.uppercased()) else { throw TapeLineError("trade side (\(trade.side)) must be BUY or SELL") }
        let level = try level(price: trade.price, size: trade.size, "trade")
        return .trade(side: side, price: level.price, size: level.size)
    }

    private static func level(price: String, size: String, _ name: String) throws(TapeLineError) -> BookLevel {
        let parsedPrice: Price
        do { parsedPrice = try Price(price) } catch { throw TapeLineError("\(name): price \(price): \(error)") }
        let micros: Int64
        do { micros = try FixedPoint.parseMicros(size) } catch { throw TapeLineError("\(name): size \(size): \(error)") }
        guard micros > 0 else { throw TapeLineError("\(name): size \(size) must be greater than 0") }
        return BookLevel(price: parsedPrice, size: Quantity(micros: micros))
    }

    /// One line as written.
    private struct Line: Decodable {
        struct Book: Decodable { var bids: [[String]]?; var asks: [[String]]? }
        struct Trade: Decodable { var side: String; var price: String; var size: String }
        struct Anything: Decodable { init(from decoder: any Decoder) throws {} }
        var t: Int64?
        var book: Book?
        var trade: Trade?
        var meta: Anything?
    }
}

private struct TapeLineError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// A tape that cannot be read or parsed, with every problem by line.
public struct TapeError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var problems: [String]
    public var description: String { "\(source): " + problems.joined(separator: "; ") }
}
