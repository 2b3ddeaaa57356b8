import Foundation
import Yams

/// Checks a composed YAML document against ``KnownKeys`` before it is decoded: every unknown key and every
/// value of the wrong type becomes an issue, and the document handed on to the decoder has those keys
/// removed, so decoding cannot stop at the first problem and the validator still sees every other value.
///
/// It also remembers where each key is written, so the final list of issues follows the document.
struct SchemaCheck {
    private(set) var issues: [ConfigurationIssue] = []
    /// Key paths whose value had the wrong type: their defaults stand in, so rules involving them are not reported.
    private(set) var mistyped: [String] = []
    private var positions: [String: Position] = [:]

    /// Where a key is written: line, then column.
    struct Position: Comparable {
        var line: Int
        var column: Int
        static let end = Position(line: .max, column: .max)
        static func < (a: Position, b: Position) -> Bool { (a.line, a.column) < (b.line, b.column) }
    }

    /// The document with unknown and mistyped keys removed; `nil` when the document is not a mapping at all.
    mutating func check(_ root: Node) -> Node? {
        guard case .mapping(let mapping) = root else {
            issues.append(ConfigurationIssue(path: "", "the document has the wrong type: expected a mapping of sections such as venue: and strategy:"))
            return nil
        }
        var kept: [(Node, Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            note(key, at: keyNode)
            if key == "markets" {
                if let markets = checkMarkets(value) { kept.append((keyNode, markets)) }
            } else if let known = KnownKeys.sections[key] {
                if let section = checkMapping(value, known: known, path: key) { kept.append((keyNode, section)) }
            } else {
                let hint = KnownKeys.suggestion(for: key, among: KnownKeys.top).map { "; did you mean \($0)?" } ?? ""
                add(key, "\(key) is not a configuration section (known: \(KnownKeys.top.sorted().joined(separator: ", ")))\(hint)")
            }
        }
        return .mapping(Node.Mapping(kept, mapping.tag, mapping.style, mapping.mark))
    }

    /// `issues` in document order: each at the position of its key path, or of its nearest written
    /// ancestor (`markets[0].orderSize` inherited from `strategy:` sits at `markets[0]`); ties keep their order.
    func ordered(_ all: [ConfigurationIssue]) -> [ConfigurationIssue] {
        all.enumerated().sorted { a, b in
            let (pa, pb) = (position(of: a.element.path), position(of: b.element.path))
            return pa != pb ? pa < pb : a.offset < b.offset
        }.map(\.element)
    }

    /// Whether a validator issue is about a key whose value was mistyped (its default stood in for it).
    func isAboutMistypedKey(_ issue: ConfigurationIssue) -> Bool {
        mistyped.contains { path in
            Self.names(issue.path, path) || Self.mentions(issue.description, path)
        }
    }

    // MARK: Walking

    /// `markets`: a list of markets, or a mapping of `auto` (the daemon selects) and `list` (always made).
    private mutating func checkMarkets(_ value: Node) -> Node? {
        guard case .mapping(let mapping) = value else {
            return checkList(value, fields: KnownKeys.market, path: "markets", expected: "a list of markets, each a mapping with id:, or a mapping of auto: and list:")
        }
        var kept: [(Node, Node)] = []
        for (keyNode, child) in mapping {
            guard let key = keyNode.string else { continue }
            note("markets.\(key)", at: keyNode)
            switch key {
            case "auto": if let auto = checkMapping(child, known: KnownKeys.marketsAuto, path: "markets.auto") { kept.append((keyNode, auto)) }
            case "list": if let list = checkList(child, fields: KnownKeys.market, path: "markets.list") { kept.append((keyNode, list)) }
            default:
                let hint = KnownKeys.suggestion(for: key, among: ["auto", "list"]).map { "; did you mean \($0)?" } ?? ""
                add("markets.\(key)", "markets.\(key) is not a known key (known: auto, list)\(hint)")
            }
        }
        return .mapping(Node.Mapping(kept, mapping.tag, mapping.style, mapping.mark))
    }

    /// A list of mappings (`markets`, `alerts.destinations`): each entry checked against `fields`.
    private mutating func checkList(_ value: Node, fields: [String: KnownKeys.Kind], path: String, expected: String = "a list of mappings") -> Node? {
        if value.null != nil { return value }
        guard case .sequence(let sequence) = value else { return mistype(path, expected) }
        var kept: [Node] = []
        for (index, entry) in sequence.enumerated() {
            let entryPath = "\(path)[\(index)]"
            note(entryPath, at: entry)
            // A mistyped entry is kept as an empty mapping, so the entries after it keep their index.
            kept.append(checkMapping(entry, known: fields, path: entryPath) ?? .mapping(Node.Mapping([])))
        }
        return .sequence(Node.Sequence(kept, sequence.tag, sequence.style, sequence.mark))
    }

    private mutating func checkMapping(_ value: Node, known: [String: KnownKeys.Kind], path: String) -> Node? {
        if value.null != nil { return value }
        guard case .mapping(let mapping) = value else { return mistype(path, "a mapping of keys") }
        var kept: [(Node, Node)] = []
        for (keyNode, child) in mapping {
            guard let key = keyNode.string else { continue }
            let childPath = "\(path).\(key)"
            note(childPath, at: keyNode)
            guard let kind = known[key] else {
                let hint = KnownKeys.suggestion(for: key, among: known.keys).map { "; did you mean \($0)?" } ?? ""
                add(childPath, "\(childPath) is not a known key (known: \(known.keys.sorted().joined(separator: ", ")))\(hint)")
                continue
            }
            if let fields = kind.element.first?.fields {
                if let list = checkList(child, fields: fields, path: childPath) { kept.append((keyNode, list)) }
            } else if let fields = kind.fields {
                if let nested = checkMapping(child, known: fields, path: childPath) { kept.append((keyNode, nested)) }
            } else if checkValue(child, kind: kind, path: childPath) {
                kept.append((keyNode, child))
            }
        }
        return .mapping(Node.Mapping(kept, mapping.tag, mapping.style, mapping.mark))
    }

    /// Whether `value` decodes as `kind` (null counts as absent); every element of a list is checked.
    private mutating func checkValue(_ value: Node, kind: KnownKeys.Kind, path: String) -> Bool {
        if value.null != nil { return true }
        if let element = kind.element.first {
            guard case .sequence(let sequence) = value else { return mistype(path, "\(kind.expected) of \(element.expected)") != nil }
            var fine = true
            for (index, item) in sequence.enumerated() {
                let itemPath = "\(path)[\(index)]"
                note(itemPath, at: item)
                if item.null != nil {
                    add(itemPath, "\(itemPath) is empty: expected \(element.expected)")
                    mistyped.append(itemPath)
                    fine = false
                } else if !checkValue(item, kind: element, path: itemPath) {
                    fine = false
                }
            }
            return fine
        }
        guard case .scalar(let scalar) = value, kind.accepts?(scalar) ?? true else { return mistype(path, kind.expected) != nil }
        return true
    }

    /// Records a wrong type at `path`; always `nil`, the value being dropped.
    private mutating func mistype(_ path: String, _ expected: String) -> Node? {
        add(path, "\(path) has the wrong type: expected \(expected)")
        mistyped.append(path)
        return nil
    }

    private mutating func add(_ path: String, _ sentence: String) {
        issues.append(ConfigurationIssue(path: path, sentence))
    }

    private mutating func note(_ path: String, at node: Node) {
        if let mark = node.mark, positions[path] == nil { positions[path] = Position(line: mark.line, column: mark.column) }
    }

    // MARK: Paths

    private func position(of path: String) -> Position {
        var path = Substring(path)
        while !path.isEmpty {
            if let found = positions[String(path)] { return found }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = path[..<cut]
        }
        return .end
    }

    /// `path` is `ancestor` or lies under it.
    private static func names(_ path: String, _ ancestor: String) -> Bool {
        path == ancestor || path.hasPrefix(ancestor + ".") || path.hasPrefix(ancestor + "[")
    }

    /// `sentence` names `path` (or a key under it) as a whole key path, not as the prefix of a longer key.
    private static func mentions(_ sentence: String, _ path: String) -> Bool {
        var rest = sentence[...]
        while let range = rest.range(of: path) {
            let next = rest[range.upperBound...].first
            if next.map({ !$0.isLetter && !$0.isNumber }) ?? true { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
