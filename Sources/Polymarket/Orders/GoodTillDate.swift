/// GTD (good-till-date) expirations and the venue's one-minute security threshold.
///
/// V2 orders carry `expiration` (Unix seconds) in the JSON body, unsigned. The venue stops a GTD order
/// one minute *before* its expiration, so the docs' recipe for a lifetime of N seconds is
/// `now + 60 + N` ("If the order needs to expire in 90 seconds the correct expiration value is: now +
/// 1 minute + 30 seconds"). An expiration earlier than now + 60 s, or a GTD order without one, is
/// refused with `invalid expiration` (`INVALID_ORDER_EXPIRATION`, ``ClobError/Code/invalidExpiration``).
/// When a GTD order expires the user channel sends an `order` event of type `CANCELLATION` with status
/// `CANCELED_EXPIRED_ORDER` (``OrderMessage/isTerminal`` is true) and the order leaves `/data/orders`.
public enum GoodTillDate {
    /// The venue's security threshold, seconds: orders stop this long before `expiration`, and the
    /// earliest accepted expiration is now + this.
    public static let securityThresholdSeconds: Int64 = 60

    /// The `expiration` to send for an order that should rest `lifetimeSeconds` (> 0) from `nowMilliseconds`:
    /// now rounded up to the second, plus the security threshold, plus the lifetime.
    public static func expiration(lifetimeSeconds: Int, nowMilliseconds: Int64) -> UInt64 {
        precondition(lifetimeSeconds > 0, "a GTD lifetime is positive; GTC orders send expiration 0")
        let nowSeconds = (nowMilliseconds + 999) / 1_000
        return UInt64(nowSeconds + securityThresholdSeconds + Int64(lifetimeSeconds))
    }

    /// When the venue stops an order with this `expiration`, Unix milliseconds; `nil` for 0 (no expiry).
    public static func endMilliseconds(expiration: UInt64) -> Int64? {
        expiration == 0 ? nil : Int64(expiration) * 1_000 - securityThresholdSeconds * 1_000
    }

    /// Whether the venue accepts `expiration` for a GTD order posted at `nowMilliseconds`: non-zero and at
    /// least now + 60 s, in whole seconds (the boundary is accepted).
    public static func isAccepted(expiration: UInt64, nowMilliseconds: Int64) -> Bool {
        expiration > 0 && Int64(clamping: expiration) >= nowMilliseconds / 1_000 + securityThresholdSeconds
    }
}

extension OrderType {
    /// The resting order type for an order's `expiration`: GTD when it has one, GTC when it is 0.
    public static func resting(expiration: UInt64) -> OrderType { expiration == 0 ? .gtc : .gtd }
}
