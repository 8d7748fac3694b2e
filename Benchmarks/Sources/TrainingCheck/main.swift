// Prints, as tab-separated lines, what run-training.sh compares between OpenBLAS settings and
// reports beside the benchmark times:
//   gemm  <precision> <shape> <checksum> <GFLOP/s>   for every product shape of the three cases, OpenBLAS
//   graph <precision> <shape> <checksum> <GFLOP/s>   the same products as the graph runs them
//   case  <name> <FLOPs per step> <loss after 20 steps>
// Checksums and losses must agree across settings (up to rounding); GFLOP/s are the BLAS ceiling.
// `TrainingCheck steps <case> <n> [threads]` instead runs n steps of one case and prints µs per step
// (a plain loop to run under `perf record`, to see where a step's time goes; BLAS threads default 2).
import Foundation
import PhysweepTensor
import TrainingCases

BLASThreads.set(2)

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "steps" {
    let parts = Array(arguments)
    guard parts.count == 3 || parts.count == 4, let trainingCase = TrainingCase(rawValue: parts[1]),
          let count = Int(parts[2]), let threads = Int(parts.count == 4 ? parts[3] : "2") else {
        print("usage: TrainingCheck steps <\(TrainingCase.allCases.map(\.rawValue).joined(separator: "|"))> <n> [threads]")
        exit(2)
    }
    BLASThreads.set(threads)
    let stepper = try trainingCase.makeStepper()
    stepper.step()
    let elapsed = ContinuousClock().measure { for _ in 0..<count { stepper.step() } }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    print("\(trainingCase.rawValue)\t\(seconds / Double(count) * 1e6) µs/step")
    exit(0)
}

func report<T: TensorScalar>(_ type: T.Type, _ precision: String, _ shapes: [GEMMShape]) {
    for shape in shapes {
        for graphProduct in [false, true] {
            let (checksum, gflops) = shape.measure(type, graphProduct: graphProduct, seconds: 0.2)
            print("\(graphProduct ? "graph" : "gemm")\t\(precision)\t\(shape.label)\t\(checksum)\t\(String(format: "%.2f", gflops))")
        }
    }
}

// osc-mlp: batches of 25; osc-pinn: 3 jet channels × 100 collocation points stacked, plus 25 data rows.
report(Float.self, "f32", [(25, 1, 64), (25, 64, 64), (25, 64, 1), (300, 1, 64), (300, 64, 64), (300, 64, 1)]
    .flatMap { GEMMShape.layer(rows: $0.0, fanIn: $0.1, fanOut: $0.2) })
// burgers-pinn: the fused jet MLP's blocks of 163 collocation points × 4 jet channels (652 rows; 2¹⁵
// scalars over 4 · 50, see Node.jetMLP), plus the IC and BC batches.
report(Double.self, "f64", [(652, 2, 50), (652, 50, 50), (652, 50, 1), (256, 50, 50), (200, 50, 50)]
    .flatMap { GEMMShape.layer(rows: $0.0, fanIn: $0.1, fanOut: $0.2) })

for trainingCase in TrainingCase.allCases {
    let stepper = try trainingCase.makeStepper()
    var loss = 0.0
    for _ in 0..<20 { loss = stepper.step() }
    print("case\t\(trainingCase.rawValue)\t\(stepper.flopsPerStep)\t\(loss)")
}
