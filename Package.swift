// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "mmd",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MMCore", targets: ["MMCore"]),
        .library(name: "MMConfig", targets: ["MMConfig"]),
        .library(name: "MMControl", targets: ["MMControl"]),
        .library(name: "Polymarket", targets: ["Polymarket"]),
        .library(name: "MMSim", targets: ["MMSim"]),
        .library(name: "MMPersistence", targets: ["MMPersistence"]),
        .library(name: "MMDecision", targets: ["MMDecision"]),
        .library(name: "MMEngine", targets: ["MMEngine"]),
        .library(name: "MMDaemon", targets: ["MMDaemon"]),
        .executable(name: "mmsim", targets: ["mmsim"]),
        .executable(name: "mmd", targets: ["mmd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Pure, deterministic trading core: no I/O, no clock reads, no dependencies.
        .target(name: "MMCore"),
        // One market's decisions as a synchronous state machine: inputs with `now` in, actions out. No I/O.
        .target(name: "MMDecision", dependencies: ["MMCore"]),
        .testTarget(name: "MMDecisionTests", dependencies: ["MMDecision", "MMCore"]),
        // The typed daemon configuration, loaded from YAML and validated with key paths.
        .target(name: "MMConfig", dependencies: ["MMCore", .product(name: "Yams", package: "Yams")]),
        // libsecp256k1 (Debian's libsecp256k1-dev): RFC 6979 recoverable ECDSA for EIP-712 signatures.
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        // libsystemd: sd_notify (readiness, status, watchdog) and sd_journal_sendv (structured logs).
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // systemd integration: the service-manager notifications and the journald log handler.
        .target(
            name: "MMSystemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")]
        ),
        // The control socket: the line-delimited JSON protocol, its server and a client for mmctl.
        .target(
            name: "MMControl",
            dependencies: [
                "MMCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "MMControlTests", dependencies: ["MMControl", "MMCore", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "MMSystemdTests", dependencies: ["MMSystemd", .product(name: "Logging", package: "swift-log")]),
        // The Polymarket CLOB V2 client: signing, auth, order building, REST and websockets.
        .target(
            name: "Polymarket",
            dependencies: [
                "MMCore", "CSecp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
            ]
        ),
        // The exchange simulator: the venue's protocol on loopback, a mirrored matching engine, scenarios.
        .target(
            name: "MMSim",
            dependencies: [
                "MMCore", "Polymarket",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // mmsim: the simulator as a program (serve, inspect, fund).
        .executableTarget(
            name: "mmsim",
            dependencies: [
                "MMSim", "MMCore", "Polymarket",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The daemon's SQLite store: fills, the order intent log, economics, risk events, audit log.
        .target(name: "MMPersistence", dependencies: ["MMCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "MMPersistenceTests", dependencies: ["MMPersistence", "MMCore"]),
        // The composition root: configuration in, engines, feeds and the (simulated) venue wired together;
        // the monitoring endpoint (health, readiness, Prometheus metrics) beside it.
        .target(
            name: "MMDaemon",
            dependencies: [
                "MMCore", "MMConfig", "MMControl", "MMDecision", "MMEngine", "MMPersistence", "MMSim", "MMSystemd", "Polymarket",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // mmd: the daemon, thin wiring over MMDaemon.
        .executableTarget(
            name: "mmd",
            dependencies: [
                "MMDaemon", "MMConfig", "MMSystemd", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // mmctl: the operator CLI over the control socket.
        .executableTarget(
            name: "mmctl",
            dependencies: ["MMControl", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Per-market engines: the core's state machines driven by venue events, effects after decisions.
        .target(
            name: "MMEngine",
            dependencies: [
                "MMCore", "MMDecision", "MMPersistence", "Polymarket", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "MMDaemonTests",
            dependencies: [
                "MMDaemon", "MMConfig", "MMControl", "MMCore", "MMDecision", "MMEngine", "MMPersistence", "MMSim", .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "MMEngineTests",
            dependencies: ["MMEngine", "MMDecision", "MMCore", "MMPersistence", "Polymarket", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "MMCoreTests", dependencies: ["MMCore"]),
        .testTarget(
            name: "MMSimTests",
            dependencies: [
                "MMSim", "MMCore", "Polymarket",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "PolymarketTests",
            dependencies: [
                "Polymarket", "MMCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MMConfigTests", dependencies: ["MMConfig", "MMCore"]),
    ]
)

// One settings loop for every target (house style §1.2): the same upcoming features and a warning-free build.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.treatAllWarnings(as: .error))
    target.swiftSettings = settings
}
