// ms per step of physweep's pseudo-spectral shear-flow solver (IF-RK4, 2/3 rule, float64, FFTW),
// at the grids and settings of ../shared/anchors/ns_spectral_numpy.py: the Dedalus shear-flow start
// (Re = 5e4, Sc = 1), dt = 0.2 min(dx, dz), 128 x 64 and 512 x 256 (nz x nx). Median, min and max
// of `reps` timed blocks after a warm-up block. Results: docs/benchmarks.md, "Shear-flow solver".
// Usage: SolverStep [reps] [128x64|512x256] (the second argument picks one grid, e.g. to count the
// instructions of a step under callgrind: the difference between reps = 2 and reps = 1, ÷ steps).
import Foundation
import PhysweepShearFlow

let reps = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 3 : 3
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil
let start = try ShearFlowCase(reynolds: 5e4, schmidt: 1, width: 1, shearLayers: 2, blobs: 2)  // layers tanh((z ∓ 0.5)/0.1), as the anchor
for (nz, nx, steps) in [(128, 64, 200), (512, 256, 20)] where only == nil || only == "\(nz)x\(nx)" {
    let grid = try ShearFlowGrid(nx: nx, nz: nz)
    let dt = 0.2 * min(ShearFlowGrid.lengthX / Double(nx), ShearFlowGrid.lengthZ / Double(nz))
    let solver = start.solver(on: grid)
    solver.advance(steps: steps, dt: dt)  // warm-up: plans, caches
    var perStep: [Double] = []
    for _ in 0..<reps {
        let t0 = DispatchTime.now().uptimeNanoseconds
        solver.advance(steps: steps, dt: dt)
        perStep.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 / Double(steps))
    }
    perStep.sort()
    print(String(format: "solver %dx%d: %.3f ms/step (min %.3f, max %.3f; %d reps of %d steps)",
                 nz, nx, perStep[perStep.count / 2], perStep.first!, perStep.last!, reps, steps))
}
