/// Id derivations of the Gnosis Conditional Tokens Framework, which the venue's outcome tokens are.
///
/// Token ids are position ids: `keccak256(collateral ‖ collectionId)`, where the collection id comes from
/// a point on alt_bn128 derived from (conditionId, indexSet). Binary markets use index sets 1 (first
/// outcome) and 2 (second) with an empty parent collection.
public enum ConditionalTokens {
    /// The alt_bn128 base field modulus used by `CTHelpers.getCollectionId`.
    static let fieldModulus = UInt256(bigEndian: Hex.decode("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47")!)

    /// keccak256(oracle ‖ questionId ‖ uint256(outcomeSlotCount)).
    public static func conditionID(oracle: Address, questionID: [UInt8], outcomeSlotCount: UInt64) -> [UInt8] {
        Keccak256.hash(oracle.bytes + questionID + UInt256(outcomeSlotCount).bigEndianBytes)
    }

    /// `CTHelpers.getCollectionId(0, conditionId, indexSet)` (no parent collection).
    public static func collectionID(conditionID: [UInt8], indexSet: UInt64) -> [UInt8] {
        let field = Self.field
        let hash = UInt256(bigEndian: Keccak256.hash(conditionID + UInt256(indexSet).bigEndianBytes))
        let odd = hash.limbs.3 >> 63 != 0
        // x = addmod(hash, 1, p), then the next x whose x³ + 3 is a square; sqrt by a^((p+1)/4),
        // valid because p ≡ 3 (mod 4).
        let one = field.element(UInt256(1))
        let three = field.element(UInt256(3))
        var x = field.add(field.element(hash), one)
        var y: PrimeField.Element
        repeat {
            let yy = field.add(field.multiply(x, field.multiply(x, x)), three)
            y = field.power(yy, sqrtExponent)
            if field.multiply(y, y) == yy { break }
            x = field.add(x, one)
        } while true
        var yValue = field.value(y)
        if odd != (yValue.limbs.0 & 1 == 1) { yValue = UInt256(array: subtract(fieldModulus.array, yValue.array)) }
        var limbs = field.value(x).array
        if yValue.limbs.0 & 1 == 1 { limbs[3] ^= 1 << 62 }
        return UInt256(array: limbs).bigEndianBytes
    }

    private static let field = PrimeField(modulus: fieldModulus)
    private static let sqrtExponent = UInt256(array: shiftRight2(addOne(fieldModulus.array)))

    /// keccak256(collateral ‖ collectionId) as a decimal token id.
    public static func positionID(collateral: Address, collectionID: [UInt8]) -> UInt256 {
        UInt256(bigEndian: Keccak256.hash(collateral.bytes + collectionID))
    }

    private static func addOne(_ a: [UInt64]) -> [UInt64] {
        var out = a
        for i in 0..<4 {
            let (sum, overflow) = out[i].addingReportingOverflow(1)
            out[i] = sum
            if !overflow { break }
        }
        return out
    }

    private static func shiftRight2(_ a: [UInt64]) -> [UInt64] {
        (0..<4).map { i in (a[i] >> 2) | (i < 3 ? a[i + 1] << 62 : 0) }
    }

    private static func subtract(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out = a
        var borrow: UInt64 = 0
        for i in 0..<4 {
            let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            out[i] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        return out
    }
}
