import AsyncHTTPClient
import Foundation
import Logging
import MMConfig
import MMCore
import MMSim
import Polymarket
import Testing
@testable import MMDaemon

/// `mmd doctor`: each check broken on purpose, one at a time, against the simulator on loopback (real
/// HTTP and websockets), and the verdicts for mistakes the simulator cannot make.
@Suite(.serialized) struct DoctorTests {
    static let market = "0x5eed000000000000000000000000000000000000000000000000000000000001"
    /// Hardhat #0 (funded by the simulator's scenario) and #1 (not funded): public test keys.
    static let funded = try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
    static let unfunded = try! PrivateKey(hex: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a3412f3851b55b7c603")

    static var logger: Logger {
        var logger = Logger(label: "mmd-doctor-test")
        logger.logLevel = .critical
        return logger
    }

    /// A simulator on loopback running the built-in scenario, its clock `clockOffset` ahead of ours.
    static func simulator(clockOffsetMilliseconds: Int64 = 0, _ body: (String, SimVenue) async throws -> Void) async throws {
        let scenario = try Scenario.load(yaml: SimDefaults.scenarioYAML, source: "built-in")
        let venue = SimVenue(exchange: SimExchange(markets: []), nowMilliseconds: { Int64(Date().timeIntervalSince1970 * 1_000) + clockOffsetMilliseconds })
        await venue.run(scenario: scenario)
        let server = SimServer(venue: venue, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body("127.0.0.1:\(port)", venue)
            group.cancelAll()
        }
    }

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-doctor-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A live-venue setup pointed at the simulator, with `key` and `credentials` as if loaded from credentials.
    static func setup(
        _ host: String, yaml extra: String = "", markets: [String] = [market], key: PrivateKey = funded, credentials: APICredentials? = nil,
        directory: URL
    ) throws -> DoctorSetup {
        let list = markets.map { "  - id: \"\($0)\"" }.joined(separator: "\n")
        let configuration = try MMConfiguration.load(
            yaml: "venue: {kind: mmsim, clobUrl: \"http://\(host)\", wsUrl: \"ws://\(host)\", gammaUrl: \"http://\(host)/gamma\"\(extra)}\nmarkets:\n\(list)\n",
            source: "doctor-test")
        var setup = DoctorSetup(
            configuration: configuration, key: .success(key), apiCredentials: .success(credentials), restURL: "http://\(host)", webSocketURL: "ws://\(host)",
            gammaURL: "http://\(host)/gamma", databasePath: directory.appendingPathComponent("mmd.sqlite").path,
            socketPath: directory.appendingPathComponent("mmd.sock").path, isSimulatorKey: false)
        setup.webSocketTimeout = .seconds(2)
        return setup
    }

    static func outcome(_ report: DoctorReport, _ check: DoctorCheck) -> DoctorOutcome? { report.result(check)?.outcome }

    // MARK: Against the simulator

    @Test func aHealthySetupPassesEveryCheck() async throws {
        try await Self.simulator { host, _ in
            let report = await Doctor(setup: try Self.setup(host, directory: try Self.directory()), logger: Self.logger).run()
            #expect(report.verdict != .fail, "\(report.text)")
            for check in [DoctorCheck.key, .venue, .clock, .credentials, .account, .wallet, .balance, .allowances, .markets, .websocket, .database, .control] {
                #expect(Self.outcome(report, check) == .pass, "\(check): \(report.result(check)?.detail ?? "missing")")
            }
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
            #expect(json["verdict"] as? String == "pass")
            #expect((json["checks"] as? [[String: Any]])?.count == DoctorCheck.allCases.count)
        }
    }

    @Test func anUnreachableVenueFailsAndSkipsWhatNeedsIt() async throws {
        // A port nothing listens on: bind one, then close it.
        let report = await Doctor(setup: try Self.setup("127.0.0.1:9", directory: try Self.directory()), logger: Self.logger).run()
        #expect(Self.outcome(report, .venue) == .fail)
        #expect(report.result(.venue)?.fix?.contains("venue.clobUrl") == true)
        for check in [DoctorCheck.clock, .credentials, .balance, .markets, .websocket] { #expect(Self.outcome(report, check) == .skip) }
        #expect(Self.outcome(report, .database) == .pass)
        #expect(report.verdict == .fail)
    }

    @Test func aClockFarFromTheVenuesFailsTheClockAndTheKeyDerivation() async throws {
        try await Self.simulator(clockOffsetMilliseconds: 400_000) { host, _ in
            let report = await Doctor(setup: try Self.setup(host, directory: try Self.directory()), logger: Self.logger).run([.clock, .credentials])
            #expect(Self.outcome(report, .clock) == .fail)
            #expect(report.result(.clock)?.detail.contains("behind") == true, "\(report.text)")
            #expect(report.result(.clock)?.fix?.contains("timedatectl") == true)
            #expect(Self.outcome(report, .credentials) == .fail, "the venue refuses L1 headers 400 s old (its window is 300 s)")
        }
    }

    @Test func credentialsDerivedForAnotherKeyAreRefused() async throws {
        try await Self.simulator { host, _ in
            let other = ClobClient(configuration: ClobClientConfiguration(baseURL: "http://\(host)"), http: .shared, key: Self.unfunded, logger: Self.logger)
            let foreign = try await other.createOrDeriveAPIKey()
            let report = await Doctor(setup: try Self.setup(host, credentials: foreign, directory: try Self.directory()), logger: Self.logger).run()
            #expect(Self.outcome(report, .credentials) == .fail)
            #expect(report.result(.credentials)?.detail.contains(Self.funded.address.checksummed) == true)
            #expect(Self.outcome(report, .balance) == .skip)
            // The same credentials with their own key pass.
            let own = await Doctor(setup: try Self.setup(host, key: Self.unfunded, credentials: foreign, directory: try Self.directory()), logger: Self.logger)
                .run([.credentials])
            #expect(Self.outcome(own, .credentials) == .pass, "\(own.text)")
        }
    }

    @Test func anEmptyWalletFailsTheBalance() async throws {
        try await Self.simulator { host, _ in
            let report = await Doctor(setup: try Self.setup(host, key: Self.unfunded, directory: try Self.directory()), logger: Self.logger).run([.balance])
            #expect(Self.outcome(report, .balance) == .fail, "\(report.text)")
            #expect(report.result(.balance)?.fix?.contains("deposit pUSD") == true)
        }
    }

    @Test func aRevokedAllowanceFailsTheAllowances() async throws {
        try await Self.simulator { host, venue in
            await venue.perform { exchange, _ in exchange.setApprovals(SimApprovals(collateral: 0), of: Self.funded.address.checksummed) }
            var report = await Doctor(setup: try Self.setup(host, directory: try Self.directory()), logger: Self.logger).run([.allowances])
            #expect(Self.outcome(report, .allowances) == .fail, "\(report.text)")
            #expect(report.result(.allowances)?.detail.contains("no pUSD allowance") == true)
            await venue.perform { exchange, _ in exchange.setApprovals(SimApprovals(conditional: false), of: Self.funded.address.checksummed) }
            report = await Doctor(setup: try Self.setup(host, directory: try Self.directory()), logger: Self.logger).run([.allowances])
            #expect(report.result(.allowances)?.detail.contains("no conditional tokens allowance") == true, "\(report.text)")
            #expect(report.result(.allowances)?.fix?.contains("setApprovalForAll") == true)
        }
    }

    @Test func aClosedOnlyOrBannedAccountFailsTheAccountCheck() async throws {
        try await Self.simulator { host, venue in
            var report = await Doctor(setup: try Self.setup(host, directory: try Self.directory()), logger: Self.logger).run([.account])
            #expect(Self.outcome(report, .account) == .pass, "\(report.text)")
            await venue.perform { exchange, _ in exchange.setStatus(.closedOnly, of: Self.funded.address.checksummed) }
            report = await Doctor(setup: try Self.setup(host, directory: try Self.directory()), logger: Self.logger).run([.account])
            #expect(Self.outcome(report, .account) == .fail, "\(report.text)")
            #expect(report.result(.account)?.detail.contains("closed-only") == true)
        }
    }

    @Test func anEOASignatureWithAProxyFunderFailsTheWallet() async throws {
        try await Self.simulator { host, _ in
            let funder = ", signatureType: 0, funder: \"0x1111111111111111111111111111111111111111\""
            let report = await Doctor(setup: try Self.setup(host, yaml: funder, directory: try Self.directory()), logger: Self.logger).run([.wallet])
            #expect(Self.outcome(report, .wallet) == .fail, "\(report.text)")
            #expect(report.result(.wallet)?.fix?.contains("signatureType: 1") == true)
        }
    }

    @Test func anUnknownOrClosedMarketFailsTheMarkets() async throws {
        try await Self.simulator { host, _ in
            let unknown = "0x" + String(repeating: "ab", count: 32)
            let report = await Doctor(setup: try Self.setup(host, markets: [Self.market, unknown], directory: try Self.directory()), logger: Self.logger).run([.markets])
            #expect(Self.outcome(report, .markets) == .fail)
            #expect(report.result(.markets)?.detail.contains(unknown) == true, "\(report.text)")
        }
    }

    @Test func aDeadWebsocketFailsWithinItsTimeout() async throws {
        try await Self.simulator { host, _ in
            var setup = try Self.setup(host, directory: try Self.directory())
            setup.webSocketURL = "ws://127.0.0.1:9"
            let report = await Doctor(setup: setup, logger: Self.logger).run([.websocket])
            #expect(Self.outcome(report, .websocket) == .fail, "\(report.text)")
            #expect(report.result(.websocket)?.fix?.contains("venue.wsUrl") == true)
        }
    }

    @Test func aMissingKeyFailsAndSkipsTheVenue() async throws {
        var setup = try Self.setup("127.0.0.1:9", directory: try Self.directory())
        setup.key = .failure(DaemonError("no private key: set LoadCredential=private-key:… in the unit"))
        let report = await Doctor(setup: setup, logger: Self.logger).run()
        #expect(Self.outcome(report, .key) == .fail)
        #expect(report.result(.key)?.fix?.contains("private-key") == true)
        #expect(Self.outcome(report, .venue) == .skip)
    }

    @Test func unwritableStateAndSocketDirectoriesFail() async throws {
        let directory = try Self.directory()
        var setup = try Self.setup("127.0.0.1:9", directory: directory)
        setup.databasePath = directory.appendingPathComponent("missing/mmd.sqlite").path
        setup.socketPath = directory.appendingPathComponent("gone/mmd.sock").path
        var report = await Doctor(setup: setup, logger: Self.logger).run([.database, .control])
        #expect(Self.outcome(report, .database) == .fail)
        #expect(Self.outcome(report, .control) == .fail)
        setup.socketPath = directory.path + "/" + String(repeating: "s", count: 120) + ".sock"
        report = await Doctor(setup: setup, logger: Self.logger).run([.control])
        #expect(report.result(.control)?.detail.contains("107") == true)
    }

    /// `mmd run` makes the fast checks first and refuses to go live on a failure, unless told to start anyway.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary)))
    func runRefusesToStartOnAFailedPreflight() async throws {
        try await ExternalSimulator.run { sim in
            let text = try String(contentsOfFile: sim.config, encoding: .utf8)
            try text.replacingOccurrences(of: "venue: {kind: mmsim,", with: "venue: {kind: mmsim, funder: \"0x1111111111111111111111111111111111111111\",")
                .write(toFile: sim.config, atomically: true, encoding: .utf8)
            let refused = try DaemonProcessTests.launch(sim.config, log: sim.log, arguments: ["--duration", "3"])
            await waitForExit(refused)
            #expect(refused.terminationStatus == 1)
            let log = try String(contentsOf: sim.log, encoding: .utf8)
            #expect(log.contains("pre-flight failed") && log.contains("signature type and funder"), "\(log.suffix(2_000))")
            #expect(await sim.restingOrdersOfOurs() == 0, "nothing was posted")
            let forced = try DaemonProcessTests.launch(sim.config, log: sim.log, arguments: ["--duration", "3", "--skip-preflight"])
            await waitForExit(forced)
            #expect(forced.terminationStatus == 0)
            #expect(try String(contentsOf: sim.log, encoding: .utf8).contains("starting anyway (--skip-preflight)"))
        }
    }

    // MARK: Verdicts the simulator cannot provoke

    @Test func walletMistakesAreNamedWithTheirFix() throws {
        let signer = Self.funded.address
        let other = try #require(Address("0x2222222222222222222222222222222222222222"))
        #expect(DoctorJudgement.wallet(signatureType: .eoa, signer: signer, funder: nil) == nil)
        #expect(DoctorJudgement.wallet(signatureType: .eoa, signer: signer, funder: signer) == nil)
        #expect(DoctorJudgement.wallet(signatureType: .polyProxy, signer: signer, funder: FunderWallet.proxy(of: signer)) == nil)
        #expect(DoctorJudgement.wallet(signatureType: .polyGnosisSafe, signer: signer, funder: FunderWallet.safe(of: signer)) == nil)
        // Another account's wallet, or the Safe under the proxy's type: the exchange would refuse every order.
        let foreign = try #require(DoctorJudgement.wallet(signatureType: .polyProxy, signer: signer, funder: other))
        #expect(foreign.outcome == .fail && foreign.fix?.contains(FunderWallet.proxy(of: signer).checksummed) == true, "\(foreign)")
        #expect(DoctorJudgement.wallet(signatureType: .polyProxy, signer: signer, funder: FunderWallet.safe(of: signer))?.fix == "set venue.signatureType: 2")
        #expect(DoctorJudgement.wallet(signatureType: .polyGnosisSafe, signer: signer, funder: nil)?.outcome == .fail)
        #expect(DoctorJudgement.wallet(signatureType: .poly1271, signer: signer, funder: signer)?.fix?.contains("signatureType: 0") == true)
        // Funds in the key's Safe while the configuration says EOA: the classic "not enough balance".
        let elsewhere = DoctorJudgement.wallet(signatureType: .eoa, collateralByType: [.eoa: 0, .polyProxy: 0, .polyGnosisSafe: 250_000_000])
        #expect(elsewhere.outcome == .fail)
        #expect(elsewhere.detail.contains("250 pUSD") && elsewhere.fix?.contains("signatureType: 2") == true, "\(elsewhere)")
        #expect(DoctorJudgement.wallet(signatureType: .polyProxy, collateralByType: [.eoa: 5_000_000, .polyProxy: 1_000_000]).outcome == .pass)
    }

    @Test func clockSkewPassesWarnsAndFails() {
        let now: Int64 = 1_800_000_000_500
        #expect(DoctorJudgement.clock(localMilliseconds: now, serverSeconds: 1_800_000_000).outcome == .pass)
        #expect(DoctorJudgement.clock(localMilliseconds: now, serverSeconds: 1_800_000_005).outcome == .warn)
        let behind = DoctorJudgement.clock(localMilliseconds: now, serverSeconds: 1_800_000_030)
        #expect(behind.outcome == .fail && behind.detail.contains("29.5 s behind"), "\(behind)")
    }

    @Test func balanceCoversOneOrderAndThenEveryMarket() {
        let size = Quantity(shares: 100)
        #expect(DoctorJudgement.balance(collateralMicros: 49_000_000, orderSize: size, markets: 1).outcome == .fail)
        #expect(DoctorJudgement.balance(collateralMicros: 60_000_000, orderSize: size, markets: 1).outcome == .warn)
        #expect(DoctorJudgement.balance(collateralMicros: 100_000_000, orderSize: size, markets: 1).outcome == .pass)
        #expect(DoctorJudgement.balance(collateralMicros: 100_000_000, orderSize: size, markets: 3).outcome == .warn)
    }

    @Test func aMissingAllowanceNamesTheSpender() throws {
        let standard = Exchange.standard.address(chain: .polygon)
        let negRisk = Exchange.negRisk.address(chain: .polygon)
        let required = [("CTF Exchange V2", standard), ("Neg Risk CTF Exchange V2", negRisk)].map { (name: $0.0, address: $0.1) }
        #expect(DoctorJudgement.allowances([standard.checksummed: .max, negRisk.checksummed.lowercased(): 1], required: required, asset: "pUSD") == nil)
        let missing = try #require(DoctorJudgement.allowances([standard.checksummed: .max, negRisk.checksummed: 0], required: required, asset: "pUSD"))
        #expect(missing.outcome == .fail && missing.detail.contains(negRisk.checksummed) && !missing.detail.contains(standard.checksummed))
        #expect(missing.fix?.contains("pUSD.approve") == true)
    }

    @Test func closedOrBooklessMarketsAreNamed() throws {
        func market(_ fields: String) throws -> GammaMarket {
            let json = "{\"id\":\"1\",\"conditionId\":\"0xabc\",\"clobTokenIds\":\"[\\\"1\\\",\\\"2\\\"]\",\"outcomes\":\"[\\\"Yes\\\",\\\"No\\\"]\",\(fields)}"
            return try JSONDecoder().decode(GammaMarket.self, from: Data(json.utf8))
        }
        let open = "\"active\":true,\"acceptingOrders\":true,\"enableOrderBook\":true"
        #expect(DoctorJudgement.market(id: "0xabc", listed: try market(open + ",\"closed\":false")) == nil)
        #expect(DoctorJudgement.market(id: "0xabc", listed: try market(open + ",\"closed\":true"))?.contains("closed") == true)
        #expect(
            DoctorJudgement.market(id: "0xabc", listed: try market("\"active\":true,\"acceptingOrders\":true,\"enableOrderBook\":false,\"closed\":false"))?
                .contains("no order book") == true)
        #expect(DoctorJudgement.market(id: "0xabc", listed: nil)?.contains("not found") == true)
    }
}
