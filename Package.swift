// swift-tools-version:6.1
// physweep: sweeps of physics-informed models, measured for efficacy *and* cost.
// Targets are listed bottom-up, one per architectural layer (see docs/architecture.md);
// a target may only depend on targets listed above it, and declares every target it imports
// (PackageStructureTests checks both: SwiftPM's --explicit-target-dependency-import-check
// accepts a target reached through another one).
import PackageDescription

// The numeric targets are compiled with optimisation even in debug builds: unoptimised Swift loops
// are 10-100x slower, which would make `swift test` train models for hours. Debug builds still get
// assertions and `-enable-testing`, so tests can use `@testable import`.
let optimizedEvenInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

// PHYSWEEP_PORTABLE_KERNELS=1 in the environment of `swift build` / `swift test` builds CPhysweepKernels
// without its x86-64 AVX2 + FMA kernels, so an x86 machine runs (and CI tests) the portable path that
// every other architecture builds anyway. Use its own --scratch-path (docs/autodiff.md, "Kernels").
let portableKernels = Context.environment["PHYSWEEP_PORTABLE_KERNELS"] == "1"

let package = Package(
    name: "physweep",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "physweep", targets: ["physweep"]),
        // The training core (and the shear-flow solver) as a library, for the separate Benchmarks/ package.
        .library(name: "PhysweepKit", targets: [
            "PhysweepTensor", "PhysweepSystems", "PhysweepShearFlow", "PhysweepModels", "PhysweepMetering", "PhysweepTraining",
        ]),
        // The sweep domain and messaging, for the Benchmarks/ package's wire JSON measurement.
        .library(name: "PhysweepOrchestration", targets: ["PhysweepJSON", "PhysweepSweep", "PhysweepCluster"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Layer 1: C system libraries, found through pkg-config.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        // Layer 1 too: hand-vectorized sin/cos, Adam and tiny products (x86-64 AVX2 + FMA, used only
        // where the CPU has them; all other products are OpenBLAS's) and the thread policy. Optimised
        // in debug builds as well; no errno from sqrt so the Adam loop vectorizes.
        .target(name: "CPhysweepKernels", cSettings: [.unsafeFlags(["-O2", "-fno-math-errno"])]
                    + (portableKernels ? [.define("PHYSWEEP_PORTABLE_KERNELS")] : [])),
        // Layer 1 too: the two GNU calls process spawning needs that Swift's Glibc does not import.
        .target(name: "CPhysweepProcess"),

        // Layer 2: tensors, reverse-mode autodiff, optimizers. Knows nothing of physics or sweeps.
        .target(name: "PhysweepTensor", dependencies: [
            "COpenBLAS", "CFFTW", "CPhysweepKernels", .product(name: "RealModule", package: "swift-numerics"),
        ], swiftSettings: optimizedEvenInDebug),

        // Layer 3: physics systems (data + exact/reference solutions) and the model ladder.
        .target(name: "PhysweepSystems", dependencies: [
            .product(name: "RealModule", package: "swift-numerics"),
        ], swiftSettings: optimizedEvenInDebug),
        .target(name: "PhysweepModels", dependencies: ["PhysweepTensor", "PhysweepSystems"],
                swiftSettings: optimizedEvenInDebug),
        // 2-D shear flow: the FFTW pseudo-spectral solver and The Well's HDF5 layout. Its own target
        // so the two C libraries stay out of PhysweepSystems (see docs/architecture.md).
        .target(name: "PhysweepShearFlow", dependencies: [
            "CFFTW", "CHDF5", "PhysweepSystems", "PhysweepTensor", .product(name: "Yams", package: "Yams"),
        ], swiftSettings: optimizedEvenInDebug),

        // Layer 4: metering (FLOPs, time, memory, energy, carbon) and one configuration -> one result.
        .target(name: "PhysweepMetering"),
        // Programs run as command tasks: spawned in a process group, supervised, measured from outside.
        .target(name: "PhysweepProcess", dependencies: ["CPhysweepProcess"]),
        .target(name: "PhysweepTraining", dependencies: [
            "PhysweepTensor", "PhysweepSystems", "PhysweepModels", "PhysweepMetering", "PhysweepShearFlow",
            "PhysweepProcess",
        ]),

        // Layer 5: the sweep domain. First JSON, the dialect of the wire and the store (Foundation's
        // encoder set up for it, physweep's reader, the per-task messages' writer and reader); then
        // specs, grids, task identity, the store and Pareto fronts; then the reports.
        .target(name: "PhysweepJSON", dependencies: ["PhysweepTraining", "PhysweepMetering"]),
        .target(name: "PhysweepSweep", dependencies: [
            "PhysweepJSON", "PhysweepTraining", "PhysweepMetering", "PhysweepSystems",
            .product(name: "Yams", package: "Yams"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "PhysweepReport", dependencies: ["PhysweepSweep", "PhysweepTraining", "PhysweepMetering"]),

        // Layer 6: messaging (ZeroMQ wrapper, wire protocol) and the coordinator / worker.
        .target(name: "PhysweepZMQ", dependencies: ["CZeroMQ"]),
        .target(name: "PhysweepCluster", dependencies: [
            "PhysweepZMQ", "PhysweepJSON", "PhysweepSweep", "PhysweepTraining", "PhysweepMetering", "PhysweepProcess",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Layer 7: the command-line interface.
        .executableTarget(name: "physweep", dependencies: [
            "PhysweepCluster", "PhysweepReport", "PhysweepSweep", "PhysweepTraining", "PhysweepMetering", "PhysweepSystems",
            "PhysweepShearFlow",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "PhysweepTensorTests", dependencies: ["PhysweepTensor", "CPhysweepKernels"]),
        .testTarget(name: "PhysweepSystemsTests", dependencies: ["PhysweepSystems"]),
        .testTarget(name: "PhysweepShearFlowTests", dependencies: ["PhysweepShearFlow", "PhysweepTensor", "CHDF5"],
                    swiftSettings: optimizedEvenInDebug),
        .testTarget(name: "PhysweepModelsTests", dependencies: ["PhysweepModels", "PhysweepTensor", "PhysweepSystems"]),
        .testTarget(name: "PhysweepMeteringTests", dependencies: ["PhysweepMetering"]),
        .testTarget(name: "PhysweepProcessTests", dependencies: ["PhysweepProcess"]),
        .testTarget(name: "PhysweepTrainingTests", dependencies: [
            "PhysweepTraining", "PhysweepSystems", "PhysweepShearFlow", "PhysweepModels", "PhysweepTensor",
            "PhysweepMetering",
        ]),
        // The whole sweep domain (JSON, specs, store, Pareto fronts, reports), on shared fixtures.
        .testTarget(name: "PhysweepSweepTests", dependencies: [
            "PhysweepJSON", "PhysweepSweep", "PhysweepReport", "PhysweepTraining", "PhysweepMetering", "PhysweepSystems",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "PhysweepZMQTests", dependencies: ["PhysweepZMQ"]),
        .testTarget(name: "PhysweepClusterTests", dependencies: [
            "PhysweepCluster", "physweep", "PhysweepZMQ", "PhysweepJSON", "PhysweepSweep", "PhysweepTraining",
            "PhysweepMetering", "PhysweepSystems",
        ]),
    ]
)
