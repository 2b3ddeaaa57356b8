import Crypto
import Foundation

/// L2 API credentials. The secret and passphrase never appear in `description`, logs or dumps.
public struct APICredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The API key (a UUID); it is also the `owner` of our orders and of our maker fills.
    public let key: String
    let secret: String
    let passphrase: String
    let secretBytes: [UInt8]

    /// - Throws: when the secret is not URL-safe base64.
    public init(key: String, secret: String, passphrase: String) throws(AuthError) {
        guard let decoded = Base64URL.decode(secret) else { throw .malformedSecret }
        self.key = key
        self.secret = secret
        self.passphrase = passphrase
        self.secretBytes = decoded
    }

    public var description: String { "APICredentials(key: \(key), secret: redacted, passphrase: redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["key": key]) }

    /// The user-channel subscription's `auth` object needs the raw values.
    package var rawSecret: String { secret }
    package var rawPassphrase: String { passphrase }
}

/// Why authentication material was refused.
public enum AuthError: Error, Hashable, CustomStringConvertible {
    case malformedSecret

    public var description: String {
        switch self {
        case .malformedSecret: "the API secret is not URL-safe base64 (value not shown)"
        }
    }
}

/// L2 authentication: HMAC-SHA256 over timestamp + method + path + body.
public enum L2Auth {
    /// `urlsafe_b64encode(HMAC_SHA256(urlsafe_b64decode(secret), message))`, with `=` padding.
    ///
    /// - Parameters:
    ///   - path: the request path **without** its query string.
    ///   - body: the exact body bytes sent, or `nil` for none (an empty body appends nothing either).
    public static func signature(secret: [UInt8], timestamp: String, method: String, path: String, body: String?) -> String {
        let message = Self.message(timestamp: timestamp, method: method, path: path, body: body)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: secret))
        return Base64URL.encode(Array(mac))
    }

    /// The signed string; the Python client replaces `'` with `"` in the body for the HMAC only, and so
    /// do we, so a body with an apostrophe verifies the same way on both.
    public static func message(timestamp: String, method: String, path: String, body: String?) -> String {
        var message = timestamp + method + path
        if let body, !body.isEmpty { message += body.replacingOccurrences(of: "'", with: "\"") }
        return message
    }

    /// The five L2 headers in the official client's order.
    public static func headers(credentials: APICredentials, address: Address, timestampSeconds: UInt64, method: String, path: String, body: String?) -> [(String, String)] {
        let timestamp = String(timestampSeconds)
        return [
            ("POLY_ADDRESS", address.checksummed),
            ("POLY_SIGNATURE", signature(secret: credentials.secretBytes, timestamp: timestamp, method: method, path: path, body: body)),
            ("POLY_TIMESTAMP", timestamp),
            ("POLY_API_KEY", credentials.key),
            ("POLY_PASSPHRASE", credentials.passphrase),
        ]
    }
}

/// URL-safe base64 with padding (Python's `urlsafe_b64encode` / `urlsafe_b64decode`).
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// Accepts both alphabets and missing padding.
    public static func decode(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map(Array.init)
    }
}
