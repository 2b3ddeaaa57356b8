/// The monitoring endpoint (`http:`): `/healthz`, `/readyz` and `/metrics` served from inside mmd.
public struct HTTPConfiguration: Sendable, Hashable {
    /// Off with `http.enabled: false`; on by default, on loopback only.
    public var isEnabled = true
    /// The address to bind: an IPv4 address, `localhost`, or an IPv6 address in brackets (`[::1]`).
    public var host = "127.0.0.1"
    /// The TCP port; 0 picks a free one (tests).
    public var port = 9464

    public init(isEnabled: Bool = true, host: String = "127.0.0.1", port: Int = 9464) {
        self.isEnabled = isEnabled
        self.host = host
        self.port = port
    }

    /// `host:port` as written in the file.
    public var listen: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Only this machine can connect: the one case where no bearer token is needed.
    public var isLoopback: Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }

    /// Parses `host:port` (`127.0.0.1:9464`, `[::1]:9464`, `0.0.0.0:9464`); `nil` when it is neither.
    public static func parse(listen text: String) -> (host: String, port: Int)? {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65_535).contains(port) else { return nil }
        return (String(host), port)
    }
}

/// How much of `/metrics` is per market (`metrics.perMarket`): every market's series multiply a
/// Prometheus server's load, so a thousand markets export only the few that matter.
public struct MetricsConfiguration: Sendable, Hashable {
    public enum PerMarket: Sendable, Hashable, CustomStringConvertible {
        /// Every market gets its labelled gauges.
        case all
        /// The `N` markets with the largest |net| position (ties: the most fills, then the market id).
        case top(Int)
        /// No per-market series; the totals only.
        case none

        public var description: String {
            switch self {
            case .all: "all"
            case .top(let count): "top:\(count)"
            case .none: "none"
            }
        }

        /// `all`, `none` or `top:N` with N from 1 to 10000.
        public init?(_ text: String) {
            switch text {
            case "all": self = .all
            case "none": self = .none
            default:
                guard text.hasPrefix("top:"), let count = Int(text.dropFirst(4)), (1...10_000).contains(count) else { return nil }
                self = .top(count)
            }
        }
    }

    /// Default `top:20`: enough for a board of the markets that carry risk.
    public var perMarket = PerMarket.top(20)

    public init(perMarket: PerMarket = .top(20)) { self.perMarket = perMarket }
}

extension ConfigurationValidator {
    mutating func validateHTTP(_ http: ConfigurationFile.HTTP?) -> HTTPConfiguration {
        var result = HTTPConfiguration(isEnabled: http?.enabled ?? true)
        if let text = http?.listen {
            if let (host, port) = HTTPConfiguration.parse(listen: text) {
                result.host = host
                result.port = port
            } else {
                add("http.listen", "http.listen (\(text)) must be host:port with a port from 0 to 65535, e.g. 127.0.0.1:9464 or [::1]:9464")
            }
        }
        return result
    }

    mutating func validateMetrics(_ metrics: ConfigurationFile.Metrics?) -> MetricsConfiguration {
        guard let text = metrics?.perMarket else { return MetricsConfiguration() }
        guard let parsed = MetricsConfiguration.PerMarket(text) else {
            add("metrics.perMarket", "metrics.perMarket (\(text)) must be all, none or top:N with N from 1 to 10000")
            return MetricsConfiguration()
        }
        return MetricsConfiguration(perMarket: parsed)
    }
}
