// swift-tools-version:6.1
// Benchmarks of physweep's training core (and of its wire JSON), kept in their own package so the main build and CI
// never compile the benchmark library. Run: ./run-training.sh (see docs/benchmarks.md).
import PackageDescription

let package = Package(
    name: "physweep-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(name: "physweep", path: ".."),
    ],
    targets: [
        // The three anchor configurations, built from physweep's own model code.
        .target(name: "TrainingCases", dependencies: [.product(name: "PhysweepKit", package: "physweep")]),
        .executableTarget(
            name: "TrainingCore",
            dependencies: [
                "TrainingCases",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PhysweepKit", package: "physweep"),
            ],
            path: "Benchmarks/TrainingCore",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // GEMM checksums and speeds on the cases' shapes, FLOPs per step, losses after 20 steps.
        .executableTarget(name: "TrainingCheck", dependencies: [
            "TrainingCases", .product(name: "PhysweepKit", package: "physweep"),
        ]),
        // The shear-flow solver's step at the anchor's grids (ns_spectral_numpy.py), ms per step.
        .executableTarget(name: "SolverStep", dependencies: [.product(name: "PhysweepKit", package: "physweep")]),
        // The shear-flow models' train step and inference at the anchors' sizes (train_*_shear.py), ms.
        .executableTarget(name: "ShearModels", dependencies: [.product(name: "PhysweepKit", package: "physweep")]),
        // The TASK and RESULT JSON, hand-written against Foundation's coders (run under callgrind;
        // built with -enable-testing, see docs/benchmarks.md "JSON on the per-task paths").
        .executableTarget(name: "WireJSONCost", dependencies: [
            .product(name: "PhysweepOrchestration", package: "physweep"),
            .product(name: "PhysweepKit", package: "physweep"),
        ]),
    ]
)
