import Foundation

/// A JSON value without floating point: numbers are kept as their decimal text (integers or exact
/// decimals), so amounts and ids pass through the control protocol unchanged.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's literal decimal text, e.g. `7` or `0.55`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public static func integer(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

    public var string: String? { if case .string(let value) = self { value } else { nil } }
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    public var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    public var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    /// An integer given as a JSON number or as a string of digits, in canonical form only (`-?(0|[1-9][0-9]*)`):
    /// `Int64("+5")` and `"007"` would parse, and the protocol promises that only plain integers do.
    public var int64: Int64? {
        switch self {
        case .number(let text), .string(let text): JSONParser.isCanonicalInteger(text) ? Int64(text) : nil
        default: nil
        }
    }

    public subscript(key: String) -> JSONValue? { object?[key] }

    /// Compact JSON with sorted keys (one line, stable).
    public var json: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        // A number built in code rather than parsed could hold any text: never write invalid JSON.
        case .number(let text): JSONParser.isNumber(text) ? text : Self.quote(text)
        case .string(let text): Self.quote(text)
        case .array(let items): "[" + items.map(\.json).joined(separator: ",") + "]"
        case .object(let fields): "{" + fields.sorted { $0.key < $1.key }.map { Self.quote($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A strict JSON parser for one request line (RFC 8259), producing ``JSONValue``.
///
/// Where the RFC leaves a choice, this parser takes the strict one (docs/control-protocol.md, "JSON"):
/// duplicate object keys and lone surrogate escapes are refused, a surrogate pair is combined into one
/// character, nesting is bounded at ``maximumDepth``, and only the four RFC whitespace bytes are skipped.
public struct JSONParser {
    /// Arrays and objects nested deeper than this are refused (a request needs 3).
    public static let maximumDepth = 32
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.fail("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ reason: String) -> Failure { Failure(description: "\(reason) at byte \(index)") }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value() throws(Failure) -> JSONValue {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("unexpected character")
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else { throw fail("invalid literal") }
        index += expected.count
    }

    private mutating func nested<T>(_ body: (inout JSONParser) throws(Failure) -> T) throws(Failure) -> T {
        depth += 1
        guard depth <= Self.maximumDepth else { throw fail("nesting deeper than \(Self.maximumDepth)") }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func object() throws(Failure) -> JSONValue {
        try nested { (parser: inout JSONParser) throws(Failure) -> JSONValue in
            parser.index += 1
            var fields: [String: JSONValue] = [:]
            parser.skipSpace()
            if parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "}") {
                parser.index += 1
                return .object(fields)
            }
            while true {
                parser.skipSpace()
                guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { throw parser.fail("expected a string key") }
                let key = try parser.string()
                // RFC 8259 §4 leaves duplicates to the implementation; `{"cmd":"status","cmd":"halt"}` must not be guessed at.
                guard fields[key] == nil else { throw parser.fail("duplicate key \(JSONValue.quote(key))") }
                parser.skipSpace()
                guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: ":") else { throw parser.fail("expected ':'") }
                parser.index += 1
                parser.skipSpace()
                fields[key] = try parser.value()
                parser.skipSpace()
                guard parser.index < parser.bytes.count else { throw parser.fail("unterminated object") }
                if parser.bytes[parser.index] == UInt8(ascii: ",") { parser.index += 1; continue }
                if parser.bytes[parser.index] == UInt8(ascii: "}") { parser.index += 1; return .object(fields) }
                throw parser.fail("expected ',' or '}'")
            }
        }
    }

    private mutating func array() throws(Failure) -> JSONValue {
        try nested { (parser: inout JSONParser) throws(Failure) -> JSONValue in
            parser.index += 1
            var items: [JSONValue] = []
            parser.skipSpace()
            if parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "]") {
                parser.index += 1
                return .array(items)
            }
            while true {
                parser.skipSpace()
                items.append(try parser.value())
                parser.skipSpace()
                guard parser.index < parser.bytes.count else { throw parser.fail("unterminated array") }
                if parser.bytes[parser.index] == UInt8(ascii: ",") { parser.index += 1; continue }
                if parser.bytes[parser.index] == UInt8(ascii: "]") { parser.index += 1; return .array(items) }
                throw parser.fail("expected ',' or ']'")
            }
        }
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw fail("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    let code = try hex4()
                    let scalar: Unicode.Scalar?
                    switch code {
                    case 0xD800...0xDBFF:
                        // A high surrogate must be followed by an escaped low one: together they are one character.
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("lone surrogate in a \\u escape")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate in a \\u escape") }
                        scalar = Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                    case 0xDC00...0xDFFF: throw fail("lone surrogate in a \\u escape")
                    default: scalar = Unicode.Scalar(code)
                    }
                    guard let scalar else { throw fail("invalid \\u escape") }
                    out += Array(String(scalar).utf8)
                default: throw fail("invalid escape")
                }
            case 0x00..<0x20: throw fail("control character in a string")
            default: out.append(byte)
            }
        }
        throw fail("unterminated string")
    }

    /// Exactly four hex digits after `\u` (`UInt32(_:radix:)` alone would take `+073`).
    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("invalid \\u escape: four hex digits are required") }
        var code: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape: four hex digits are required")
            }
            code = code << 4 | UInt32(digit)
        }
        index += 4
        return code
    }

    /// Whether `text` is exactly one RFC 8259 number.
    public static func isNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        var parser = JSONParser(bytes: bytes)
        guard (try? parser.number()) != nil else { return false }
        return parser.index == bytes.count
    }

    /// Whether `text` is an integer in canonical form: `-?(0|[1-9][0-9]*)`.
    public static func isCanonicalInteger(_ text: String) -> Bool {
        isNumber(text) && !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    }

    private mutating func number() throws(Failure) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ parser: inout JSONParser) -> Int {
            let from = parser.index
            while parser.index < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) { parser.index += 1 }
            return parser.index - from
        }
        let integerStart = index
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw fail("invalid number") }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw fail("invalid number: leading zero") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw fail("invalid number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw fail("invalid number") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
