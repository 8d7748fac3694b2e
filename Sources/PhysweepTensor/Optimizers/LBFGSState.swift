/// The working memory of one L-BFGS run: current point, trial point, direction and the ring of
/// (s, y) correction pairs, all allocated once.
struct LBFGSState<T: TensorScalar> {
    let n: Int
    let historySize: Int
    var x: [T]
    var g: [T]
    var d: [T]
    var trialX: [T]
    var trialG: [T]
    var value: T = 0
    private var s: [T]
    private var y: [T]
    private var rho: [T]
    private var alphas: [T]
    /// Pairs stored; the newest is at index (newest) in the ring.
    private(set) var historyCount = 0
    private var newest = -1

    init(x0: [T], historySize: Int) {
        n = x0.count
        self.historySize = historySize
        x = x0
        g = [T](repeating: 0, count: n)
        d = g; trialX = g; trialG = g
        s = [T](repeating: 0, count: n * historySize)
        y = s
        rho = [T](repeating: 0, count: historySize)
        alphas = rho
    }

    /// Calls the objective on the point stored at `point`, writing the gradient into `gradient`.
    mutating func evaluate(at point: KeyPath<LBFGSState, [T]>, gradient: WritableKeyPath<LBFGSState, [T]>,
                           _ objective: (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> T) -> T {
        let xs = self[keyPath: point]
        // Take the gradient array out of self while the objective writes it (no copy-on-write).
        var gs = [T]()
        swap(&gs, &self[keyPath: gradient])
        let value = xs.withUnsafeBufferPointer { xb in gs.withUnsafeMutableBufferPointer { objective(xb, $0) } }
        swap(&gs, &self[keyPath: gradient])
        return value
    }

    private static func dot(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ n: Int) -> T {
        var total: T = 0
        for i in 0..<n { total += a[i] * b[i] }
        return total
    }

    var slopeAlongDirection: T { Self.dot(g, d, n) }
    var trialSlope: T { Self.dot(trialG, d, n) }
    var gradientTwoNorm: T { Self.dot(g, g, n).squareRoot() }
    var gradientInfinityNorm: T { g.reduce(0) { max($0, abs($1)) } }
    var gradientIsFinite: Bool { g.allSatisfy(\.isFinite) }

    mutating func clearHistory() {
        historyCount = 0
        newest = -1
    }

    mutating func resetToSteepestDescent() {
        for i in 0..<n { d[i] = -g[i] }
    }

    /// d = −H·g by the two-loop recursion, with H₀ = (sᵀy / yᵀy)·I from the newest pair.
    mutating func computeDirection() {
        let n = n, m = historySize, count = historyCount, newest = newest
        let g = g
        s.withUnsafeBufferPointer { sb in
            y.withUnsafeBufferPointer { yb in
                d.withUnsafeMutableBufferPointer { db in
                    let q = db.baseAddress!, sp = sb.baseAddress!, yp = yb.baseAddress!
                    for i in 0..<n { q[i] = g[i] }
                    for back in 0..<count {
                        let k = (newest - back + m) % m
                        let a = rho[k] * Self.dot(sp + k * n, q, n)
                        alphas[k] = a
                        let yk = yp + k * n
                        for i in 0..<n { q[i] -= a * yk[i] }
                    }
                    if count > 0 {
                        let yk = yp + newest * n
                        let gamma = Self.dot(sp + newest * n, yk, n) / Self.dot(yk, yk, n)
                        for i in 0..<n { q[i] *= gamma }
                    }
                    for forward in 0..<count {
                        let k = (newest - count + 1 + forward + m) % m
                        let b = rho[k] * Self.dot(yp + k * n, q, n)
                        let sk = sp + k * n
                        for i in 0..<n { q[i] += sk[i] * (alphas[k] - b) }
                    }
                    for i in 0..<n { q[i] = -q[i] }
                }
            }
        }
    }

    mutating func setTrial(step alpha: T) {
        for i in 0..<n { trialX[i] = x[i] + alpha * d[i] }
    }

    /// Moves to the trial point and records the pair (s, y) when it has positive curvature.
    mutating func accept(value newValue: T) {
        let slot = (newest + 1) % historySize
        var sy: T = 0, yy: T = 0
        for i in 0..<n {
            let si = trialX[i] - x[i], yi = trialG[i] - g[i]
            s[slot * n + i] = si
            y[slot * n + i] = yi
            sy += si * yi
            yy += yi * yi
        }
        if sy > T.ulpOfOne * yy {
            rho[slot] = 1 / sy
            newest = slot
            historyCount = min(historyCount + 1, historySize)
        }
        swap(&x, &trialX)
        swap(&g, &trialG)
        value = newValue
    }

    func result(_ iterations: Int, _ evaluations: Int, _ reason: LBFGSStopReason) -> LBFGSResult<T> {
        LBFGSResult(x: x, value: value, gradientNorm: gradientInfinityNorm, iterations: iterations,
                    evaluations: evaluations, reason: reason)
    }
}
