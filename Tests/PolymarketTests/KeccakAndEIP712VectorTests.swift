import Foundation
import Testing
@testable import Polymarket

@Suite struct KeccakAndEIP712VectorTests {
    static let tested: Set<String> = [
        "keccak256", "eip712_domain_separator", "l1_clob_auth", "order_v2", "post_orders_batch_v2", "l2_hmac", "l2_request", "order_amounts",
        "function_selector", "clob_auth_l1", "hmac_l2", "orderbook_hash", "ctf_position_ids", "ctf_condition_id",
    ]

    @Test func vectorFilesArePresentAndCovered() {
        let v2 = Vectors.kinds(.v2)
        let common = Vectors.kinds(.common)
        #expect(!v2.isEmpty, "no V2 vectors at \(Vectors.File.v2.path)")
        #expect(!common.isEmpty, "no common vectors at \(Vectors.File.common.path)")
        let untested = v2.union(common).subtracting(Self.tested).subtracting(Vectors.skippedKinds)
        #expect(untested.isEmpty, "vector kinds without a test: \(untested.sorted())")
    }

    /// A parameterised test over a kind the files lack runs zero cases and passes: so every tested kind must be there,
    /// except the CTF position ids, which the official client cannot compute (they come from ../shared when present).
    @Test func vectorFilesCarryEveryTestedKind() {
        let present = Vectors.kinds(.v2).union(Vectors.kinds(.common))
        let missing = Self.tested.subtracting(present).subtracting(["ctf_position_ids"])
        #expect(missing.isEmpty, "kinds missing from \(Vectors.File.v2.path) and \(Vectors.File.common.path): \(missing.sorted())")
    }

    @Test(arguments: Vectors.cases(.v2, kind: "keccak256"))
    func keccakRows(vector: VectorCase) {
        for row in vector.json.objects("rows") {
            let input = row.text("input")!
            #expect(Hex.encode(Keccak256.hash(utf8: input)) == row.text("keccak256"), "\(vector.id): \(input)")
        }
    }

    @Test(arguments: Vectors.cases(.common, kind: "keccak256"))
    func commonKeccak(vector: VectorCase) {
        #expect(Hex.encode(Keccak256.hash(utf8: vector.json.text("input_utf8")!)) == vector.json.text("keccak256"), "\(vector.id)")
    }

    @Test(arguments: Vectors.cases(.common, kind: "function_selector"))
    func functionSelectors(vector: VectorCase) {
        let hash = Keccak256.hash(utf8: vector.json.text("signature")!)
        #expect(Hex.encode(hash) == vector.json.text("keccak256"), "\(vector.id)")
        #expect(Hex.encode(hash.prefix(4)) == vector.json.text("selector"), "\(vector.id)")
    }

    @Test func keccakKnownAnswersAcrossBlockBoundaries() {
        // 200 × "a" spans two blocks; the answer is pycryptodome's Keccak-256.
        #expect(Hex.encode(Keccak256.hash([UInt8](repeating: 0x61, count: 200))) == "0x96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d")
        #expect(Hex.encode(Keccak256.hash(utf8: "abc")) == "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        // 135, 136 and 137 bytes straddle the 136-byte rate; incremental absorption must agree with one-shot.
        for length in [0, 1, 135, 136, 137, 272, 1000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var state = Keccak256.State()
            for chunk in stride(from: 0, to: length, by: 17) { state.absorb(bytes[chunk..<min(chunk + 17, length)]) }
            #expect(state.finalize() == Keccak256.hash(bytes), "length \(length)")
        }
    }

    @Test(arguments: Vectors.cases(.v2, kind: "eip712_domain_separator"))
    func domainSeparators(vector: VectorCase) {
        for row in vector.json.objects("rows") {
            let domain = row.object("domain")
            let separator = EIP712.domainSeparator(
                name: domain.text("name")!, version: domain.text("version")!, chainID: UInt64(domain.text("chainId")!)!,
                verifyingContract: domain.text("verifyingContract").flatMap(Address.init))
            #expect(Hex.encode(separator) == row.text("domain_separator"), "\(vector.id): \(row.text("contract") ?? "")")
        }
        #expect(Hex.encode(Exchange.standard.domainSeparator(chain: .polygon)) == "0x3264e159346253e26a64e00b69032db0e7d32f94628de3e6eecb50304d7af3d2")
        #expect(Hex.encode(Exchange.negRisk.domainSeparator(chain: .amoy)) == "0x1468e39841f0a0e05d3762b235cb7acecabf8cd7b6d3a672965a5d415bf9378e")
    }
}
