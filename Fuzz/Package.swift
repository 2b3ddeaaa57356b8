// swift-tools-version: 6.2
import PackageDescription

// libFuzzer targets for every decoder of outside input, in their own package so the main build and tests never
// compile them. One executable per decoder, each defining `LLVMFuzzerTestOneInput`; built and run by
// `scripts/fuzz` (release, `-sanitize=fuzzer,address`), corpora in Corpus/<name>/ (docs/fuzzing.md).
let package = Package(
    name: "mmd-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "mmd", path: ".."), .package(url: "https://github.com/jpsim/Yams", from: "6.2.2")],
    targets: [
        // The control protocol: line framing, strict JSON, requests and typed commands (MMControl).
        .executableTarget(name: "fuzz-control", dependencies: [.product(name: "MMControl", package: "mmd")], path: "Sources/control"),
        // The venue's websocket frames (market and user channels) and what is read from them (Polymarket).
        .executableTarget(
            name: "fuzz-websocket", dependencies: [.product(name: "Polymarket", package: "mmd"), .product(name: "MMCore", package: "mmd")],
            path: "Sources/websocket"),
        // The venue's REST answers (CLOB and Gamma), success and error bodies (Polymarket).
        .executableTarget(
            name: "fuzz-rest", dependencies: [.product(name: "Polymarket", package: "mmd"), .product(name: "MMCore", package: "mmd")], path: "Sources/rest"),
        // mmd.yaml and live edits (MMConfig).
        .executableTarget(name: "fuzz-config", dependencies: [.product(name: "MMConfig", package: "mmd")], path: "Sources/config"),
        // Scenario files (MMSim), with a valid tape beside them for `tape:`.
        .executableTarget(
            name: "fuzz-scenario", dependencies: [.product(name: "MMSim", package: "mmd"), .product(name: "Yams", package: "Yams")], path: "Sources/scenario"),
        // Tapes: the JSON lines a scenario replays (MMSim).
        .executableTarget(name: "fuzz-tape", dependencies: [.product(name: "MMSim", package: "mmd")], path: "Sources/tape"),
    ]
)

// The main package's settings: warnings are errors here too.
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"), .treatAllWarnings(as: .error),
    ]
}
