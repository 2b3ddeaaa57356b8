/// Which authentication a request needs.
public enum AuthLevel: Sendable, Hashable {
    case none
    /// The ClobAuth EIP-712 headers (API key creation and derivation).
    case l1
    /// The HMAC headers of an API key.
    case l2
}

/// One CLOB REST request, described before it is sent: method, path, query and the exact body bytes.
///
/// Keeping the description separate from the transport means the bytes that are signed are the bytes
/// that are sent, and the golden vectors can check them without a network.
public struct ClobRequest: Sendable, Hashable {
    public var method: String
    /// The path, which is also the HMAC's request path (never the query).
    public var path: String
    public var query: [QueryItem]
    /// The exact body bytes, or `nil` for none.
    public var body: String?
    public var auth: AuthLevel
    /// Whether repeating the request after a timeout can do no harm.
    public var isIdempotent: Bool
    /// The rate-limit bucket it draws from.
    public var endpointClass: EndpointClass

    public init(method: String, path: String, query: [QueryItem] = [], body: String? = nil, auth: AuthLevel, isIdempotent: Bool, endpointClass: EndpointClass) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.auth = auth
        self.isIdempotent = isIdempotent
        self.endpointClass = endpointClass
    }

    /// `path?name=value&…`, percent-encoding what needs it.
    public var pathWithQuery: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.escape($0.name))=\(Self.escape($0.value))" }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// Rate-limit classes, after the venue's documented per-endpoint limits.
public enum EndpointClass: String, Sendable, Hashable, CaseIterable {
    case postOrder, postOrders, cancelOrder, cancelOrders, cancelAll, cancelMarket
    case balanceAllowance, balanceAllowanceUpdate, book, books, price, midpoint, tickSize
    case dataOrders, dataTrades, apiKeys, heartbeat, scoring, rewards, general
}
