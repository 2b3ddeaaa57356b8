// swift-tools-version: 6.2
import PackageDescription

// Benchmarks live in their own package so the main build never compiles package-benchmark.
// Run: cd Benchmarks && swift package benchmark
let package = Package(
    name: "mmd-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "mmd", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                .product(name: "MMCore", package: "mmd"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SigningBenchmarks",
            dependencies: [
                .product(name: "MMCore", package: "mmd"),
                .product(name: "Polymarket", package: "mmd"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SigningBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SimBenchmarks",
            dependencies: [.product(name: "MMSim", package: "mmd"), .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/SimBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "MMCore", package: "mmd"), .product(name: "MMDecision", package: "mmd"), .product(name: "MMEngine", package: "mmd"),
                .product(name: "MMPersistence", package: "mmd"),
                .product(name: "Polymarket", package: "mmd"), .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PersistenceBenchmarks",
            dependencies: [
                .product(name: "MMCore", package: "mmd"), .product(name: "MMPersistence", package: "mmd"), .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/PersistenceBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Replays a whole scenario in accelerated time and prints events per second.
        .executableTarget(
            name: "ReplaySpeed",
            dependencies: [.product(name: "MMSim", package: "mmd")],
            path: "Sources/ReplaySpeed"
        ),
        // A backtest's recorded machine inputs replayed through the decision core: inputs per second.
        .executableTarget(
            name: "DecisionReplay",
            dependencies: [
                .product(name: "MMConfig", package: "mmd"), .product(name: "MMDaemon", package: "mmd"), .product(name: "MMDecision", package: "mmd"),
                .product(name: "MMEngine", package: "mmd"), .product(name: "MMSim", package: "mmd"),
            ],
            path: "Sources/DecisionReplay"
        ),
        // Market event → orders at the venue seam (decision + signing + intent batch), p50/p99.
        .executableTarget(
            name: "RequoteLatency",
            dependencies: [
                .product(name: "MMCore", package: "mmd"), .product(name: "MMDecision", package: "mmd"), .product(name: "MMEngine", package: "mmd"),
                .product(name: "MMPersistence", package: "mmd"), .product(name: "Polymarket", package: "mmd"),
            ],
            path: "Sources/RequoteLatency"
        ),
        // One full expected-value evaluation (both legs, every candidate), p50/p99.
        .executableTarget(
            name: "ObjectiveLatency",
            dependencies: [.product(name: "MMCore", package: "mmd")],
            path: "Sources/ObjectiveLatency"
        ),
        // Durable fills per second through FillCommitter with p50/p99 per fill, printed for scripts.
        .executableTarget(
            name: "FillThroughput",
            dependencies: [.product(name: "MMCore", package: "mmd"), .product(name: "MMPersistence", package: "mmd")],
            path: "Sources/FillThroughput"
        ),
        // A plain executable for scripts/bench-signing-vs-python: the same workload the Python side runs.
        .executableTarget(
            name: "SigningComparison",
            dependencies: [.product(name: "MMCore", package: "mmd"), .product(name: "Polymarket", package: "mmd")],
            path: "Sources/SigningComparison"
        ),
    ]
)
