import Foundation
import Testing

/// Golden vectors from the official Python clients, read from the files named by `MM_VECTORS_V2` and
/// `MM_VECTORS_COMMON`, or from `../shared/vectors/` beside the repository.
enum Vectors {
    enum File: String, Sendable {
        case v2 = "MM_VECTORS_V2"
        case common = "MM_VECTORS_COMMON"

        var defaultName: String {
            switch self {
            case .v2: "polymarket-v2-golden.json"
            case .common: "polymarket-v1-and-common-golden.json"
            }
        }

        var path: String {
            if let path = ProcessInfo.processInfo.environment[rawValue], !path.isEmpty { return path }
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return repository.deletingLastPathComponent().appendingPathComponent("shared/vectors/\(defaultName)").path
        }
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
