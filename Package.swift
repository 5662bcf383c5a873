// swift-tools-version:6.0
// SMSCode: FastCGI handlers in Swift behind nginx, one SQLite database, a static site.
//
// Import direction (DESIGN.md "Module map"): floor 1 (Core, HTTP) imports nothing of ours;
// floor 2 (FastCGI, Store, API, SiteBuilder, Crypto, Payments, Providers) imports only floor 1; the `smscode` executable wires them.
import PackageDescription

let package = Package(
    name: "SMSCode",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "smscode", targets: ["smscode"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // System libraries from Debian (`make` installs the -dev packages).
        .systemLibrary(name: "CFCGI", pkgConfig: "fcgi", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CEpoll"), // glibc's epoll and eventfd headers (not in Swift's Glibc module)

        // Floor 1: pure domain and the HTTP value types.
        .target(name: "Core"),
        .target(name: "HTTP"),

        // Floor 2: adapters.
        .target(name: "FastCGI", dependencies: ["CFCGI", "CEpoll", "Core", "HTTP"]),
        .target(name: "Store", dependencies: ["CSQLite", "Core"]),
        .target(name: "Crypto", dependencies: ["CSodium", "Core"]),
        .target(name: "API", dependencies: ["Core", "HTTP", .product(name: "Logging", package: "swift-log")]),
        .target(name: "SiteBuilder", dependencies: ["Core", .product(name: "Mustache", package: "swift-mustache"),
                                                   .product(name: "Ink", package: "Ink")]),
        .target(name: "Payments", dependencies: ["Core", "HTTP"]),
        .target(name: "Providers", dependencies: ["Core"]),

        // Floor 3: the thin executable.
        .executableTarget(
            name: "smscode",
            dependencies: [
                "Core", "HTTP", "FastCGI", "Store", "API", "SiteBuilder", "Crypto", "Payments", "Providers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "FastCGITests", dependencies: ["FastCGI"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Core"]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto", "Core"]),
        .testTarget(name: "APITests", dependencies: ["API", "Store", "Core", "HTTP", "Crypto", "Providers", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "SiteBuilderTests", dependencies: ["SiteBuilder", "Core", "Crypto"],
                    exclude: ["__Snapshots__"]),
        .testTarget(name: "PaymentsTests", dependencies: ["Payments", "Core", "Crypto"]),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "Core", "Payments"]),
    ],
    swiftLanguageModes: [.v6]
)
