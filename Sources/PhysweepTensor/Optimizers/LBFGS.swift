/// Why an L-BFGS run stopped.
public enum LBFGSStopReason: String, Sendable, Codable {
    /// ‖gradient‖∞ fell to the tolerance.
    case gradientTolerance
    /// The relative decrease of the objective fell to the tolerance.
    case valueTolerance
    case maxIterations
    /// No step satisfying the strong Wolfe conditions was found, even along −gradient.
    case lineSearchFailed
    /// The objective or its gradient became NaN or infinite.
    case nonFinite
}

/// The outcome of `LBFGS.minimize`.
public struct LBFGSResult<T: TensorScalar>: Sendable {
    public var x: [T]
    public var value: T
    /// ‖gradient‖∞ at `x`.
    public var gradientNorm: T
    public var iterations: Int
    /// Objective evaluations, line searches included.
    public var evaluations: Int
    public var reason: LBFGSStopReason
}

/// Limited-memory BFGS (Nocedal & Wright, Algorithms 7.4/7.5) with a strong-Wolfe line search
/// (Algorithms 3.5/3.6, cubic interpolation in the zoom phase).
public struct LBFGS<T: TensorScalar> {
    /// Number of (s, y) pairs kept.
    public var historySize: Int
    /// Sufficient-decrease constant c₁ and curvature constant c₂ of the Wolfe conditions.
    public var c1: T = 1e-4
    public var c2: T = 0.9
    /// Objective evaluations allowed per line search.
    public var maxLineSearchEvaluations = 25

    /// An L-BFGS minimizer keeping `historySize` correction pairs.
    public init(historySize: Int = 20) {
        precondition(historySize > 0, "LBFGS: historySize must be positive")
        self.historySize = historySize
    }

    /// Minimizes f from x0. `objective(x, gradient)` writes ∇f(x) into `gradient` and returns f(x);
    /// it receives buffers owned by the minimizer, so no arrays are built per evaluation.
    /// Stops when ‖∇f‖∞ ≤ gradientTolerance, when (f_old − f)/max(|f|, |f_old|, 1) ≤ valueTolerance,
    /// after maxIterations, or when the line search fails.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func minimize(
        x0: [T], maxIterations: Int, gradientTolerance: T = 1e-7, valueTolerance: T = 0,
        _ objective: (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> T
    ) -> LBFGSResult<T> {
        precondition(!x0.isEmpty, "LBFGS.minimize: x0 is empty")
        var state = LBFGSState(x0: x0, historySize: historySize)
        var evaluations = 1
        state.value = state.evaluate(at: \.x, gradient: \.g, objective)
        guard state.value.isFinite, state.gradientIsFinite else { return state.result(0, evaluations, .nonFinite) }
        for iteration in 1...max(1, maxIterations) {
            if state.gradientInfinityNorm <= gradientTolerance {
                return state.result(iteration - 1, evaluations, .gradientTolerance)
            }
            if maxIterations == 0 { break }
            state.computeDirection()
            var slope = state.slopeAlongDirection
            if slope >= 0 || !slope.isFinite {
                state.resetToSteepestDescent()
                slope = state.slopeAlongDirection
            }
            let initialStep: T = state.historyCount == 0 ? min(1, 1 / state.gradientTwoNorm) : 1
            var search = lineSearch(&state, slope: slope, initialStep: initialStep, objective)
            evaluations += search.evaluations
            if !search.succeeded && state.historyCount > 0 {
                state.clearHistory()
                state.resetToSteepestDescent()
                slope = state.slopeAlongDirection
                search = lineSearch(&state, slope: slope, initialStep: min(1, 1 / state.gradientTwoNorm), objective)
                evaluations += search.evaluations
            }
            guard search.succeeded else { return state.result(iteration - 1, evaluations, .lineSearchFailed) }
            let previous = state.value
            state.accept(value: search.value)
            guard state.value.isFinite, state.gradientIsFinite else {
                return state.result(iteration, evaluations, .nonFinite)
            }
            if state.gradientInfinityNorm <= gradientTolerance {
                return state.result(iteration, evaluations, .gradientTolerance)
            }
            if valueTolerance > 0,
               (previous - state.value) / max(abs(previous), abs(state.value), 1) <= valueTolerance {
                return state.result(iteration, evaluations, .valueTolerance)
            }
        }
        return state.result(maxIterations, evaluations, .maxIterations)
    }

    private struct SearchOutcome {
        var succeeded: Bool
        var value: T
        var evaluations: Int
    }

    /// Finds a step α along `state.d` satisfying the strong Wolfe conditions; on success the
    /// accepted point is left in `state.trialX`/`state.trialG` with value `SearchOutcome.value`.
    private func lineSearch(
        _ state: inout LBFGSState<T>, slope: T, initialStep: T,
        _ objective: (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> T
    ) -> SearchOutcome {
        let f0 = state.value
        var evaluations = 0
        func phi(_ alpha: T) -> (value: T, slope: T) {
            evaluations += 1
            state.setTrial(step: alpha)
            let value = state.evaluate(at: \.trialX, gradient: \.trialG, objective)
            return (value, state.trialSlope)
        }
        var previous = (alpha: T(0), value: f0, slope: slope)
        var alpha = initialStep
        for attempt in 0..<maxLineSearchEvaluations {
            let (value, derivative) = phi(alpha)
            if !value.isFinite || value > f0 + c1 * alpha * slope || (attempt > 0 && value >= previous.value) {
                return zoom(low: previous, high: (alpha, value, derivative), f0: f0, slope: slope,
                            evaluations: evaluations, phi)
            }
            if abs(derivative) <= -c2 * slope { return SearchOutcome(succeeded: true, value: value, evaluations: evaluations) }
            if derivative >= 0 {
                return zoom(low: (alpha, value, derivative), high: previous, f0: f0, slope: slope,
                            evaluations: evaluations, phi)
            }
            previous = (alpha, value, derivative)
            alpha *= 2
        }
        return SearchOutcome(succeeded: false, value: f0, evaluations: evaluations)
    }

    private func zoom(
        low start: (alpha: T, value: T, slope: T), high end: (alpha: T, value: T, slope: T),
        f0: T, slope: T, evaluations used: Int, _ phi: (T) -> (value: T, slope: T)
    ) -> SearchOutcome {
        var low = start, high = end
        var evaluations = used
        while evaluations < maxLineSearchEvaluations {
            let alpha = LBFGS.cubicMinimizer(low, high)
            let (value, derivative) = phi(alpha)
            evaluations += 1
            if !value.isFinite || value > f0 + c1 * alpha * slope || value >= low.value {
                high = (alpha, value, derivative)
            } else {
                if abs(derivative) <= -c2 * slope {
                    return SearchOutcome(succeeded: true, value: value, evaluations: evaluations)
                }
                if derivative * (high.alpha - low.alpha) >= 0 { high = low }
                low = (alpha, value, derivative)
            }
            if abs(high.alpha - low.alpha) <= T.ulpOfOne * max(abs(low.alpha), 1) { break }
        }
        // Out of evaluations: accept the best point seen if it decreased f sufficiently.
        if low.alpha > 0 && low.value <= f0 + c1 * low.alpha * slope {
            _ = phi(low.alpha)
            return SearchOutcome(succeeded: true, value: low.value, evaluations: evaluations + 1)
        }
        return SearchOutcome(succeeded: false, value: f0, evaluations: evaluations)
    }

    /// The minimizer of the cubic matching values and slopes at both ends, kept at least 10% of
    /// the interval away from either end (bisection when the cubic has no usable minimum).
    static func cubicMinimizer(_ a: (alpha: T, value: T, slope: T), _ b: (alpha: T, value: T, slope: T)) -> T {
        let lower = min(a.alpha, b.alpha), upper = max(a.alpha, b.alpha)
        let margin = (upper - lower) / 10
        let d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.alpha - b.alpha)
        let discriminant = d1 * d1 - a.slope * b.slope
        var candidate = (lower + upper) / 2
        if discriminant >= 0, b.value.isFinite {
            let d2 = (b.alpha > a.alpha ? 1 : -1) * discriminant.squareRoot()
            let cubic = b.alpha - (b.alpha - a.alpha) * (b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2)
            if cubic.isFinite { candidate = cubic }
        }
        return min(max(candidate, lower + margin), upper - margin)
    }
}
