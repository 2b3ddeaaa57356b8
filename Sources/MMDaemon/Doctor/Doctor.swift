import AsyncHTTPClient
import Foundation
import Logging
import MMConfig
import MMControl
import MMCore
import MMPersistence
import Polymarket
import Synchronization

/// What the doctor checks against: the configuration, the secrets as the daemon would load them (or why
/// it could not), and where the venue, the database and the socket are.
public struct DoctorSetup: Sendable {
    public var configuration: MMConfiguration
    public var key: Result<PrivateKey, DaemonError>
    /// `nil` inside: none configured, so the daemon derives them from the key.
    public var apiCredentials: Result<APICredentials?, DaemonError>
    public var restURL: String
    public var webSocketURL: String
    public var gammaURL: String
    public var databasePath: String
    public var socketPath: String
    /// The simulator's public test key (simulated and mmsim venues), named as such in the report.
    public var isSimulatorKey: Bool
    /// How long the websocket check waits for a book.
    public var webSocketTimeout: Duration = .seconds(5)

    public init(
        configuration: MMConfiguration, key: Result<PrivateKey, DaemonError>, apiCredentials: Result<APICredentials?, DaemonError>, restURL: String,
        webSocketURL: String, gammaURL: String, databasePath: String, socketPath: String, isSimulatorKey: Bool
    ) {
        self.configuration = configuration
        self.key = key
        self.apiCredentials = apiCredentials
        self.restURL = restURL
        self.webSocketURL = webSocketURL
        self.gammaURL = gammaURL
        self.databasePath = databasePath
        self.socketPath = socketPath
        self.isSimulatorKey = isSimulatorKey
    }
}

/// `mmd doctor`: every way the first hour on the real venue commonly goes wrong, checked before it does,
/// each with a pass/fail line and the fix. `mmd run` runs ``DoctorCheck/preflight`` first.
///
/// It never changes anything at the venue: reads only (and an API-key derivation, which the daemon would
/// make anyway). Verdicts are ``DoctorJudgement``'s; this type gathers the facts.
public struct Doctor: Sendable {
    public let setup: DoctorSetup
    let logger: Logger

    public init(setup: DoctorSetup, logger: Logger) {
        self.setup = setup
        self.logger = logger
    }

    /// Runs `checks` (all by default) in ``DoctorCheck`` order; a check that needs what an earlier one
    /// failed to get is skipped with the reason.
    public func run(_ checks: [DoctorCheck] = DoctorCheck.allCases) async -> DoctorReport {
        var run = DoctorRun(setup: setup, wanted: Set(checks), logger: logger)
        await run.perform()
        return DoctorReport(results: run.results.filter { checks.contains($0.check) })
    }
}

/// One doctor run's state: the facts found so far, for the checks after.
struct DoctorRun {
    let setup: DoctorSetup
    let wanted: Set<DoctorCheck>
    let logger: Logger
    var results: [DoctorResult] = []

    var configuration: MMConfiguration { setup.configuration }
    var chain: Chain { configuration.venue.chainID == 80002 ? .amoy : .polygon }
    var signatureType: SignatureType { SignatureType(rawValue: UInt8(clamping: configuration.venue.signatureType)) ?? .eoa }
    var marketIDs: [String] { configuration.markets.filter(\.isEnabled).map(\.id.rawValue) }

    init(setup: DoctorSetup, wanted: Set<DoctorCheck>, logger: Logger) {
        self.setup = setup
        self.wanted = wanted
        self.logger = logger
    }

    mutating func record(_ result: DoctorResult) { results.append(result) }

    mutating func skip(_ checks: [DoctorCheck], because reason: String) {
        for check in checks where !results.contains(where: { $0.check == check }) { record(.skip(check, reason)) }
    }

    mutating func perform() async {
        let venueChecks: [DoctorCheck] = [.venue, .clock, .credentials, .account, .wallet, .balance, .allowances, .markets, .websocket]
        if let key = checkKey() {
            if !wanted.isDisjoint(with: venueChecks) { await checkVenue(key: key) }
        } else {
            skip(venueChecks, because: "needs the signing key")
        }
        if wanted.contains(.database) { record(checkDatabase()) }
        if wanted.contains(.control) { record(checkControl()) }
    }

    // MARK: Key and venue

    mutating func checkKey() -> PrivateKey? {
        switch setup.key {
        case .success(let key):
            record(.pass(.key, "address \(key.address.checksummed)" + (setup.isSimulatorKey ? " (the simulator's public test key)" : "")))
            return key
        case .failure(let error):
            record(.fail(.key, error.description, fix: "install the key as the systemd credential private-key (/etc/mmd/credentials/private-key, mode 0600: the 32-byte key as hex)"))
            return nil
        }
    }

    mutating func checkVenue(key: PrivateKey) async {
        let bare = ClobClient(
            configuration: ClobClientConfiguration(baseURL: setup.restURL, requestTimeout: .seconds(5), maxAttempts: 2), http: HTTPClient.shared, key: key, chain: chain,
            logger: logger)
        let serverSeconds: Int64
        do {
            serverSeconds = try await bare.serverTime()
            record(.pass(.venue, "\(setup.restURL) answers"))
        } catch {
            record(Self.unreachable(error, url: setup.restURL))
            skip([.clock, .credentials, .account, .wallet, .balance, .allowances, .markets, .websocket], because: "the venue did not answer")
            return
        }
        record(DoctorJudgement.clock(localMilliseconds: Daemon.now(), serverSeconds: serverSeconds))
        // Only the checks that need them make authenticated requests (a dry run's pre-flight makes none).
        guard !wanted.isDisjoint(with: [.credentials, .account, .wallet, .balance, .allowances]) else {
            if wanted.contains(.markets) || wanted.contains(.websocket) { await checkMarkets() }
            return
        }
        guard let client = await checkCredentials(bare: bare, key: key) else {
            skip([.account, .wallet, .balance, .allowances], because: "needs API credentials")
            if wanted.contains(.markets) || wanted.contains(.websocket) { await checkMarkets() }
            return
        }
        if wanted.contains(.account) { await checkAccount(client: client) }
        let collateral = await checkWallet(client: client, signer: key.address)
        let listed = wanted.contains(.markets) || wanted.contains(.allowances) ? await lookUpMarkets() : nil
        if let collateral {
            record(DoctorJudgement.balance(collateralMicros: collateral.micros, orderSize: configuration.strategy.orderSize, markets: max(1, marketIDs.count)))
            if wanted.contains(.allowances) { await checkAllowances(client: client, collateral: collateral.reply, listed: listed) }
        } else {
            skip([.balance, .allowances], because: "the venue did not report a balance")
        }
        if wanted.contains(.markets) || wanted.contains(.websocket) { await checkMarkets(listed: listed) }
    }

    static func unreachable(_ error: ClobError, url: String) -> DoctorResult {
        if error.httpStatus == 403 {
            return .fail(
                .venue, "\(url) refuses this network (HTTP 403): \(error.message)",
                fix: "the venue blocks restricted regions (geo-block) and some hosting networks; run mmd from an allowed location")
        }
        return .fail(.venue, "no answer from \(url): \(error)", fix: "check venue.clobUrl and the network (the venue answers GET /time); behind a proxy, allow it")
    }

    /// The configured credentials used once, or new ones derived; `nil` when neither works.
    mutating func checkCredentials(bare: ClobClient, key: PrivateKey) async -> ClobClient? {
        switch setup.apiCredentials {
        case .failure(let error):
            record(.fail(.credentials, error.description, fix: "fix the api-credentials credential, or remove it so mmd derives credentials from the key"))
            return nil
        case .success(let configured?):
            let client = bare.with(credentials: configured)
            do {
                _ = try await client.apiKeys()
                record(.pass(.credentials, "the configured API key \(configured.key) works for \(key.address.checksummed)"))
                return client
            } catch where error.code == .unauthorized || error.httpStatus == 401 {
                record(.fail(
                    .credentials, "the configured API key \(configured.key) is refused for signer \(key.address.checksummed): derived for another key, or deleted",
                    fix: "remove the api-credentials credential so mmd derives them from this key, or derive them again with this key"))
            } catch {
                record(.warn(.credentials, "the configured API key could not be tried: \(error)", fix: "retry when the venue answers"))
                return client
            }
            return nil
        case .success(nil):
            do {
                let derived = try await bare.createOrDeriveAPIKey()
                record(.pass(.credentials, "API key \(derived.key) derived from the key"))
                return bare.with(credentials: derived)
            } catch {
                record(.fail(
                    .credentials, "could not create or derive an API key: \(error)",
                    fix: "check venue.chainId (137 Polygon, 80002 Amoy) and the clock; the venue signs the key to this address"))
                return nil
            }
        }
    }

    mutating func checkAccount(client: ClobClient) async {
        do {
            if try await client.isClosedOnly() {
                record(.fail(
                    .account, "the account is in closed-only mode: it may cancel and reduce positions, not open new ones",
                    fix: "the venue set this; ask Polymarket support. mmd cannot quote from this account"))
            } else {
                record(.pass(.account, "not closed-only"))
            }
        } catch where error.code == .notFound || error.httpStatus == 404 {
            record(.skip(.account, "this venue does not report a closed-only status"))
        } catch where error.httpStatus == 403 {
            record(.fail(.account, "refused (HTTP 403): \(error.message)", fix: "the venue blocks this region (geo-block); run mmd from an allowed location"))
        } catch {
            record(.warn(.account, "closed-only status not available: \(error)", fix: "retry when the venue answers"))
        }
    }

    /// The static signature-type mistakes, then where the venue sees funds for each type.
    mutating func checkWallet(client: ClobClient, signer: Address) async -> (micros: Int64, reply: BalanceAllowance)? {
        let funder = configuration.venue.funder.flatMap(Address.init)
        let staticVerdict = DoctorJudgement.wallet(signatureType: signatureType, signer: signer, funder: funder)
        var byType: [SignatureType: Int64] = [:]
        var configured: BalanceAllowance?
        var failure: ClobError?
        for type in SignatureType.allCases {
            do {
                let reply = try await client.balanceAllowance(assetType: .collateral, signatureType: type)
                byType[type] = Int64(reply.balance.text) ?? 0
                if type == signatureType { configured = reply }
            } catch {
                if type == signatureType { failure = error }
            }
        }
        if wanted.contains(.wallet) {
            if let staticVerdict {
                record(staticVerdict)
            } else if configured != nil {
                record(DoctorJudgement.wallet(signatureType: signatureType, collateralByType: byType))
            } else {
                record(.warn(.wallet, "the venue did not report the balance for signatureType \(signatureType.rawValue): \(failure.map { "\($0)" } ?? "no answer")", fix: "retry when the venue answers"))
            }
        }
        guard let configured else { return nil }
        return (byType[signatureType] ?? 0, configured)
    }

    /// pUSD for BUYs and the conditional tokens for SELLs, approved to the exchange(s) the markets trade on.
    mutating func checkAllowances(client: ClobClient, collateral: BalanceAllowance, listed: [String: GammaMarket]?) async {
        let negRisk = listed?.values.contains { $0.negRisk } ?? false
        var spenders: [(name: String, address: Address)] = [("CTF Exchange V2", Exchange.standard.address(chain: chain))]
        if negRisk { spenders.append(("Neg Risk CTF Exchange V2", Exchange.negRisk.address(chain: chain))) }
        if let problem = DoctorJudgement.allowances(Self.micros(collateral.allowances), required: spenders, asset: "pUSD") {
            record(problem)
            return
        }
        if let token = listed?.values.compactMap({ $0.binaryTokens?.yes }).sorted().first {
            do {
                let tokens = try await client.balanceAllowance(assetType: .conditional, tokenID: token, signatureType: signatureType)
                if let problem = DoctorJudgement.allowances(Self.micros(tokens.allowances), required: spenders, asset: "conditional tokens") {
                    record(problem)
                    return
                }
            } catch {
                record(.warn(.allowances, "conditional-token allowances not available: \(error)", fix: "retry when the venue answers"))
                return
            }
        }
        record(.pass(.allowances, "pUSD and conditional tokens approved to " + spenders.map(\.name).joined(separator: " and ")))
    }

    static func micros(_ allowances: [String: WireDecimal]) -> [String: Int64] {
        allowances.mapValues { Int64($0.text) ?? ($0.text.allSatisfy(\.isNumber) && !$0.text.isEmpty ? .max : 0) }
    }

    // MARK: Markets and the websocket

    func lookUpMarkets() async -> [String: GammaMarket]? {
        guard !marketIDs.isEmpty else { return [:] }
        let gamma = GammaClient(baseURL: setup.gammaURL, http: HTTPClient.shared, logger: logger)
        guard let found = try? await gamma.markets(conditionIDs: marketIDs) else { return nil }
        return Dictionary(found.map { ($0.conditionID.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func checkMarkets(listed known: [String: GammaMarket]? = nil) async {
        var listed = known
        if listed == nil { listed = await lookUpMarkets() }
        guard let listed else {
            record(.fail(.markets, "Gamma at \(setup.gammaURL) did not answer", fix: "check venue.gammaUrl (https://gamma-api.polymarket.com) and the network"))
            skip([.websocket], because: "needs the markets")
            return
        }
        if wanted.contains(.markets) {
            if marketIDs.isEmpty {
                record(.fail(.markets, "no market is configured (or every one is disabled)", fix: "list the condition ids to quote under markets: (docs/configuration.md)"))
            } else {
                let problems = marketIDs.compactMap { DoctorJudgement.market(id: $0, listed: listed[$0.lowercased()]) }
                let unrewarded = marketIDs.filter { listed[$0.lowercased()].map { $0.rewardParameters == nil } ?? false }
                if !problems.isEmpty {
                    record(.fail(
                        .markets, "\(problems.count) of \(marketIDs.count) cannot be quoted: " + problems.prefix(3).joined(separator: "; ") + (problems.count > 3 ? "; …" : ""),
                        fix: "remove or disable those markets (enabled: false), or pick open ones"))
                } else if !unrewarded.isEmpty {
                    record(.warn(
                        .markets, "\(unrewarded.count) of \(marketIDs.count) have no liquidity rewards: " + unrewarded.prefix(3).joined(separator: ", "),
                        fix: "quoting them earns spread only; prefer rewarded markets"))
                } else {
                    record(.pass(.markets, "\(marketIDs.count) open, with order books and rewards"))
                }
            }
        }
        if wanted.contains(.websocket) {
            let tokens = marketIDs.compactMap { listed[$0.lowercased()]?.binaryTokens }.prefix(1).flatMap { [$0.yes, $0.no] }
            guard !tokens.isEmpty else { return skip([.websocket], because: "no open market to subscribe to") }
            record(await checkWebSocket(tokens: Array(tokens)))
        }
    }

    func checkWebSocket(tokens: [String]) async -> DoctorResult {
        let feed = ChannelFeed(
            configuration: ChannelFeedConfiguration(baseURL: setup.webSocketURL, freezeTimeoutMilliseconds: nil), subscription: .market(assetIDs: tokens),
            logger: Logger(label: "mmd.doctor", factory: { _ in SwiftLogNoOpLogHandler() }))
        let book = SeenFlag()
        let timeout = setup.webSocketTimeout
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await feed.run { event in
                    if case .message(.book) = event { book.set() }
                }
            }
            group.addTask {
                while !book.isSet, ContinuousClock.now - started < timeout { try? await Task.sleep(for: .milliseconds(50)) }
            }
            await group.next()
            group.cancelAll()
        }
        let elapsed = ContinuousClock.now - started
        if book.isSet {
            return .pass(.websocket, "a book arrived on \(setup.webSocketURL) after \(elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000) ms")
        }
        return .fail(
            .websocket, "no book from \(setup.webSocketURL) within \(timeout.components.seconds) s",
            fix: "check venue.wsUrl (wss://ws-subscriptions-clob.polymarket.com/ws) and that outbound websockets (443) are allowed")
    }

    // MARK: Local

    /// Read and written as the daemon would, without creating anything: a doctor run as root must not leave
    /// root-owned files the service user then cannot open.
    func checkDatabase() -> DoctorResult {
        let path = setup.databasePath
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fix = "create \(directory) writable by the daemon's user, or set storage.databasePath (under systemd StateDirectory= does this)"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .fail(.database, "the directory \(directory) does not exist", fix: fix)
        }
        guard access(directory, W_OK) == 0 else { return .fail(.database, "\(directory) is not writable by this user (uid \(getuid()))", fix: fix) }
        if FileManager.default.fileExists(atPath: path) {
            guard access(path, R_OK | W_OK) == 0 else { return .fail(.database, "\(path) is not readable and writable by this user (uid \(getuid()))", fix: fix) }
            return .pass(.database, "\(path) exists and is writable")
        }
        return .pass(.database, "\(path) will be created in a writable directory")
    }

    func checkControl() -> DoctorResult {
        let path = setup.socketPath
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if path.utf8.count > 107 {
            return .fail(.control, "the socket path is \(path.utf8.count) bytes; Unix sockets allow 107", fix: "set control.socketPath to a shorter path")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .fail(.control, "the directory \(directory) does not exist", fix: "create it, or set control.socketPath (under systemd RuntimeDirectory= makes /run/mmd)")
        }
        if FileManager.default.fileExists(atPath: path) {
            if let client = try? ControlClient(path: path, timeoutSeconds: 2), case .success? = try? client.call("status") {
                return .warn(.control, "an mmd already answers on \(path)", fix: "a second daemon on the same socket cannot start: stop the running one, or give this one its own control.socketPath")
            }
            return .pass(.control, "\(path) is left from an earlier run; it will be replaced")
        }
        guard access(directory, W_OK) == 0 else { return .fail(.control, "\(directory) is not writable by this user (uid \(getuid()))", fix: "make it writable by the daemon's user, or set control.socketPath") }
        return .pass(.control, "\(path) can be created")
    }
}

/// Set once from a feed's handler, read by the waiting task.
final class SeenFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
