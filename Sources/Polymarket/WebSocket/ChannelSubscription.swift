/// What a websocket connection subscribes to.
public enum ChannelSubscription: Sendable, Hashable {
    /// The market channel for these token ids (at most 500 per connection; see ``shards(maxAssets:)``).
    case market(assetIDs: [String])
    /// The user channel for these condition ids, authenticated with the API key.
    case user(credentials: APICredentials, markets: [String])

    /// The path under the websocket base URL.
    public var path: String {
        switch self {
        case .market: "/ws/market"
        case .user: "/ws/user"
        }
    }

    /// The first message, sent right after connecting (the venue closes a silent connection).
    public var subscribeMessage: String {
        switch self {
        case .market(let assets):
            return "{\"assets_ids\":\(JSONText.stringArray(assets)),\"type\":\"market\",\"custom_feature_enabled\":true}"
        case .user(let credentials, let markets):
            var auth = "{\"apiKey\":\(JSONText.string(credentials.key)),\"secret\":\(JSONText.string(credentials.rawSecret))"
            auth += ",\"passphrase\":\(JSONText.string(credentials.rawPassphrase))}"
            // No markets: the key's events in every market (the venue's documented default when omitted).
            guard !markets.isEmpty else { return "{\"auth\":\(auth),\"type\":\"user\"}" }
            return "{\"auth\":\(auth),\"markets\":\(JSONText.stringArray(markets)),\"type\":\"user\"}"
        }
    }

    /// Splits a market subscription into connections of at most `maxAssets` (the venue sends no
    /// snapshots beyond 500 per connection). A user subscription is never split.
    public func shards(maxAssets: Int = 500) -> [ChannelSubscription] {
        guard case .market(let assets) = self, assets.count > maxAssets else { return [self] }
        return stride(from: 0, to: assets.count, by: maxAssets).map { .market(assetIDs: Array(assets[$0..<min($0 + maxAssets, assets.count)])) }
    }

    /// A loggable description that never includes the secret.
    public var summary: String {
        switch self {
        case .market(let assets): "market channel, \(assets.count) assets"
        case .user(let credentials, let markets): "user channel for key \(credentials.key), \(markets.count) markets"
        }
    }
}
