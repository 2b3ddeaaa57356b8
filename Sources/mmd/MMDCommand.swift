import ArgumentParser
import Foundation
import Logging
import MMConfig
import MMDaemon

@main
struct MMDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmd", abstract: "A market-making daemon for Polymarket's CLOB V2 (the shipped configuration trades against the built-in simulator).")

    @Option(help: "The configuration file (default: $CONFIGURATION_DIRECTORY/mmd.yaml, else etc/mmd.yaml).") var config: String?
    @Option(help: "Stop gracefully after this many seconds (cancelling every order).") var duration: Int?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let path = config ?? environment["CONFIGURATION_DIRECTORY"].map { $0 + "/mmd.yaml" } ?? "etc/mmd.yaml"
        guard let yaml = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read the configuration file \(path)") }
        let configuration: MMConfiguration
        do { configuration = try MMConfiguration.load(yaml: yaml, source: path) } catch { throw ValidationError(error.description) }
        var logger = Logger(label: "mmd")
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path
        let stop = StopSignal()
        // SIGTERM (systemctl stop) and SIGINT (Ctrl-C) stop gracefully: quotes off, every order cancelled, exit 0.
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                logger.notice("signal received: stopping", metadata: ["signal": "\(signalNumber)"])
                stop.fire()
            }
            source.resume()
            sources.append(source)
        }
        let daemon = Daemon(configuration: configuration, baseDirectory: base, logger: logger, runFor: duration.map { .seconds($0) }, stop: stop)
        try await daemon.run()
        sources.forEach { $0.cancel() }
    }
}
