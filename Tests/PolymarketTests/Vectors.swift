import Foundation
import Testing

/// Golden vectors computed by the official Python client, py-clob-client-v2 1.2.1: by default the repository's own
/// `Tests/Fixtures/` (written by `scripts/generate-vectors`), or the files named by `MM_VECTORS_V2` and `MM_VECTORS_COMMON`.
enum Vectors {
    enum File: String, Sendable {
        case v2 = "MM_VECTORS_V2"
        case common = "MM_VECTORS_COMMON"
        /// The research file beside the repository, `../shared/vectors/`: only for the cases the official client cannot
        /// compute (CTF position ids). Optional: absent in a bare clone, and ignored when `MM_NO_SHARED=1`.
        case sharedCommon = "MM_VECTORS_SHARED_COMMON"

        private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()

        var path: String {
            let environment = ProcessInfo.processInfo.environment
            if let path = environment[rawValue], !path.isEmpty { return path }
            let fixtures = Self.repository.appendingPathComponent("Tests/Fixtures")
            switch self {
            case .v2: return fixtures.appendingPathComponent("polymarket-v2-golden.json").path
            case .common: return fixtures.appendingPathComponent("polymarket-common-golden.json").path
            case .sharedCommon:
                if environment["MM_NO_SHARED"] == "1" { return "" }
                return Self.repository.deletingLastPathComponent().appendingPathComponent("shared/vectors/polymarket-v1-and-common-golden.json").path
            }
        }

        var isPresent: Bool { !path.isEmpty && FileManager.default.fileExists(atPath: path) }
    }

    /// The V1 order kinds are not built (V1 signing is dead since 2026-04-28) and are skipped.
    static let skippedKinds: Set<String> = ["order_v1", "order_v1_raw", "post_orders_batch_v1", "market_order_amounts_v1"]

    static func document(_ file: File) -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: file.path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    /// The cases of `kind` in `file`, as Sendable handles whose description is the case id.
    static func cases(_ file: File, kind: String) -> [VectorCase] {
        let all = (document(file)["cases"] as? [[String: Any]]) ?? []
        return all.enumerated().compactMap { index, entry in
            guard entry["kind"] as? String == kind else { return nil }
            return VectorCase(file: file, index: index, id: entry["id"] as? String ?? "#\(index)")
        }
    }

    /// Every kind present in `file`.
    static func kinds(_ file: File) -> Set<String> {
        Set(((document(file)["cases"] as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String })
    }
}

struct VectorCase: Sendable, CustomTestStringConvertible, CustomStringConvertible {
    let file: Vectors.File
    let index: Int
    let id: String

    var testDescription: String { id }
    var description: String { id }

    var json: [String: Any] { ((Vectors.document(file)["cases"] as? [[String: Any]]) ?? [])[index] }
}

// MARK: Loose JSON access helpers

extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    func objects(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }

    /// A scalar as text whether the JSON held a string or a number (integers without a fraction).
    func text(_ key: String) -> String? {
        switch self[key] {
        case let string as String: return string
        case let number as NSNumber:
            let type = String(cString: number.objCType)
            if type == "d" || type == "f" { return "\(number.doubleValue)" }
            return number.stringValue
        default: return nil
        }
    }

    func double(_ key: String) -> Double? { (self[key] as? NSNumber)?.doubleValue }
    func bool(_ key: String) -> Bool { (self[key] as? Bool) ?? false }
}
