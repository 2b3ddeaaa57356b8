// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "mmd",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MMCore", targets: ["MMCore"]),
        .library(name: "MMConfig", targets: ["MMConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Pure, deterministic trading core: no I/O, no clock reads, no dependencies.
        .target(name: "MMCore"),
        // The typed daemon configuration, loaded from YAML and validated with key paths.
        .target(name: "MMConfig", dependencies: ["MMCore", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "MMCoreTests", dependencies: ["MMCore"]),
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
