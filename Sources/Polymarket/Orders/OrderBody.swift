import MMCore

/// The exact JSON bodies the official Python client sends, byte for byte.
///
/// The HMAC covers the body bytes, so bodies are written by hand in py-clob-client-v2 1.2.1's key order
/// (`order_to_json_v2`) with compact separators, never through a JSON encoder whose key order or number
/// formatting could drift.
public enum OrderBody {
    /// One `POST /order` object.
    public static func postOrder(_ signed: SignedOrder, owner: String, orderType: OrderType, postOnly: Bool = false, deferExec: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(1_200)
        append(signed, owner: owner, orderType: orderType, postOnly: postOnly, deferExec: deferExec, to: &out)
        return out
    }

    /// The `POST /orders` array (at most 15 entries).
    public static func postOrders(_ entries: [(SignedOrder, OrderType)], owner: String, postOnly: Bool = false, deferExec: Bool = false) throws(OrderBuildError) -> String {
        guard entries.count <= 15 else { throw .batchTooLarge(entries.count) }
        var out = "["
        for (index, entry) in entries.enumerated() {
            if index > 0 { out += "," }
            append(entry.0, owner: owner, orderType: entry.1, postOnly: postOnly, deferExec: deferExec, to: &out)
        }
        return out + "]"
    }

    private static func append(_ signed: SignedOrder, owner: String, orderType: OrderType, postOnly: Bool, deferExec: Bool, to out: inout String) {
        let o = signed.order
        out += "{\"order\":{\"salt\":\(o.salt),\"maker\":\"\(o.maker.checksummed)\",\"signer\":\"\(o.signer.checksummed)\""
        out += ",\"tokenId\":\"\(o.tokenID)\",\"makerAmount\":\"\(o.makerAmount)\",\"takerAmount\":\"\(o.takerAmount)\""
        out += ",\"side\":\"\(o.side.rawValue)\",\"expiration\":\"\(o.expiration)\",\"signatureType\":\(o.signatureType.rawValue)"
        out += ",\"timestamp\":\"\(o.timestampMilliseconds)\",\"metadata\":\"\(Hex.encode(o.metadata))\",\"builder\":\"\(Hex.encode(o.builder))\""
        out += ",\"signature\":\"\(Hex.encode(signed.signature))\"},\"owner\":"
        JSONText.appendString(owner, to: &out)
        out += ",\"orderType\":\"\(orderType.rawValue)\",\"deferExec\":\(deferExec),\"postOnly\":\(postOnly)}"
    }
}

/// Minimal JSON writing with Python `json.dumps(..., ensure_ascii=False)` escaping.
public enum JSONText {
    public static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    public static func string(_ text: String) -> String {
        var out = ""
        appendString(text, to: &out)
        return out
    }

    /// A compact JSON array of strings, e.g. the `DELETE /orders` body.
    public static func stringArray(_ items: [String]) -> String {
        var out = "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            appendString(item, to: &out)
        }
        return out + "]"
    }
}
