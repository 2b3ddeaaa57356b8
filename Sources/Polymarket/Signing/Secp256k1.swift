import CSecp256k1

/// The libsecp256k1 context, created once and shared.
///
/// `@unchecked Sendable`: after `secp256k1_context_randomize` the context is only read, and
/// libsecp256k1 documents signing and verification with a const context as thread-safe.
final class Secp256k1: @unchecked Sendable {
    static let shared = Secp256k1()
    private let context: OpaquePointer

    private init() {
        context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        var seed = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in seed.indices { seed[index] = UInt8.random(in: 0...255, using: &generator) }
        _ = secp256k1_context_randomize(context, seed)
    }

    func isValidSecretKey(_ key: [UInt8]) -> Bool {
        secp256k1_ec_seckey_verify(context, key) == 1
    }

    func address(ofSecretKey key: [UInt8]) -> Address {
        var pubkey = secp256k1_pubkey()
        precondition(secp256k1_ec_pubkey_create(context, &pubkey, key) == 1, "validated key")
        return address(of: &pubkey)
    }

    func sign(digest: [UInt8], secretKey: [UInt8]) -> Signature {
        precondition(digest.count == 32, "a digest is 32 bytes")
        return Signature(validated: sign(digest: Bytes32(digest), secretKey: secretKey))
    }

    /// r ‖ s ‖ v (v = 27 + recovery id), written straight into the returned array: the only allocation.
    func sign(digest: Bytes32, secretKey: [UInt8]) -> [UInt8] {
        var signature = secp256k1_ecdsa_recoverable_signature()
        let signed = digest.withUnsafeBytes { message in
            secretKey.withUnsafeBufferPointer { key in
                // A nil nonce function selects RFC 6979, which is what eth-account uses: signatures are deterministic.
                secp256k1_ecdsa_sign_recoverable(context, &signature, message.baseAddress!.assumingMemoryBound(to: UInt8.self), key.baseAddress!, nil, nil)
            }
        }
        precondition(signed == 1, "signing with a validated key")
        return [UInt8](unsafeUninitializedCapacity: 65) { out, count in
            var recoveryID: Int32 = 0
            secp256k1_ecdsa_recoverable_signature_serialize_compact(context, out.baseAddress!, &recoveryID, &signature)
            out[64] = UInt8(27 + recoveryID)
            count = 65
        }
    }

    func recover(signature bytes: [UInt8], digest: [UInt8]) -> Address? {
        guard bytes.count == 65, digest.count == 32, bytes[64] == 27 || bytes[64] == 28 else { return nil }
        var signature = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(context, &signature, Array(bytes[0..<64]), Int32(bytes[64] - 27)) == 1 else { return nil }
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(context, &pubkey, &signature, digest) == 1 else { return nil }
        return address(of: &pubkey)
    }

    private func address(of pubkey: inout secp256k1_pubkey) -> Address {
        var serialized = [UInt8](repeating: 0, count: 65)
        var length = 65
        secp256k1_ec_pubkey_serialize(context, &serialized, &length, &pubkey, UInt32(SECP256K1_EC_UNCOMPRESSED))
        return Address(bytes: Array(Keccak256.hash(serialized[1...]).suffix(20)))!
    }
}
