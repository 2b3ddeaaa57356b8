import Foundation
import Testing

/// The built `mmd` given a bad configuration: every problem on stderr, no usage text (the command line was
/// fine), exit status 78 (EX_CONFIG), which the unit's RestartPreventExitStatus= relies on.
/// Skipped until `.build/debug/mmd` is built.
@Suite struct ConfigurationExitTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/mmd").standardized.path
    static var built: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    static let badConfiguration = """
        venue: {kind: simulated, chainId: 1}
        stratgy: {spreadFraction: 0.5}
        limits: {maxNetExposure: 10}
        markets:
          - id: "0x\(String(repeating: "a", count: 64))"
            orderSize: 20
        """

    /// Runs mmd with `arguments` (`{config}` replaced by a file holding the bad configuration).
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, path: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-bad-\(UUID().uuidString).yaml").path
        try badConfiguration.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments.map { $0 == "{config}" ? path : $0 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output, path)
    }

    @Test(.enabled(if: built), arguments: [["--config", "{config}"], ["backtest", "--scenario", "/nonexistent.yaml", "--config", "{config}"]])
    func aBadConfigurationPrintsEveryProblemAloneAndExits78(arguments: [String]) throws {
        let (status, output, path) = try Self.run(arguments)
        #expect(status == 78, "\(output)")
        #expect(output.hasPrefix("error: \(path): 3 configuration problems:\n"), "\(output)")
        #expect(output.contains("  - venue.chainId (1) must be 137 (Polygon) or 80002 (Amoy)"))
        #expect(output.contains("  - stratgy is not a configuration section"))
        #expect(output.contains("  - markets[0].orderSize (20) must be ≤ limits.maxNetExposure (10)"))
        #expect(!output.lowercased().contains("usage:"), "no usage text after a configuration error: \(output)")
    }

    @Test(.enabled(if: built)) func aBadCommandLineStillGetsTheUsageText() throws {
        let (status, output, _) = try Self.run(["--config", "{config}", "--no-such-option"])
        #expect(status == 64, "EX_USAGE: \(output)")
        #expect(output.lowercased().contains("usage:"), "\(output)")
    }
}
