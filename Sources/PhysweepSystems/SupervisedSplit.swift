/// A set of sample points with named columns, stored flat and row-major for the tensor layer.
///
/// Layout: `inputs[i * inputDim + j]` is input column `j` (named `inputColumns[j]`, e.g. "t" or
/// "x","t") of point `i`; `targets[i * targetDim + k]` is target column `k` (e.g. "u"). A set of
/// collocation points has no targets: `targetColumns` and `targets` are empty (the residual's target
/// is zero by construction).
public struct SupervisedSplit: Equatable, Sendable {
    /// Names of the input columns, in storage order (e.g. `["x", "t"]`).
    public let inputColumns: [String]
    /// Names of the target columns, in storage order (e.g. `["u"]`); empty for collocation points.
    public let targetColumns: [String]
    /// Inputs, row-major `[count, inputDim]`.
    public let inputs: [Double]
    /// Targets, row-major `[count, targetDim]`; empty when `targetColumns` is.
    public let targets: [Double]
    /// Number of points.
    public let count: Int

    /// A split of `inputs` (row-major, `inputColumns.count` per point) and matching `targets`.
    public init(inputColumns: [String], targetColumns: [String], inputs: [Double], targets: [Double]) {
        precondition(!inputColumns.isEmpty, "a split needs at least one input column")
        precondition(inputs.count % inputColumns.count == 0,
                     "\(inputs.count) input values do not fill rows of \(inputColumns.count) columns")
        let count = inputs.count / inputColumns.count
        precondition(targets.count == count * targetColumns.count,
                     "\(targets.count) target values for \(count) points of \(targetColumns.count) columns")
        self.inputColumns = inputColumns
        self.targetColumns = targetColumns
        self.inputs = inputs
        self.targets = targets
        self.count = count
    }

    /// Number of input columns.
    public var inputDim: Int { inputColumns.count }
    /// Number of target columns (0 for collocation points).
    public var targetDim: Int { targetColumns.count }

    /// Input column `j` of point `i`.
    public func input(_ i: Int, _ j: Int) -> Double { inputs[i * inputDim + j] }
    /// Target column `k` of point `i`.
    public func target(_ i: Int, _ k: Int = 0) -> Double { targets[i * targetDim + k] }

    /// All values of the input or target column called `name`, or nil if there is none.
    public func column(named name: String) -> [Double]? {
        if let j = inputColumns.firstIndex(of: name) {
            return (0..<count).map { inputs[$0 * inputDim + j] }
        }
        if let k = targetColumns.firstIndex(of: name) {
            return (0..<count).map { targets[$0 * targetDim + k] }
        }
        return nil
    }

    /// The points at `indices`, in that order (e.g. one minibatch).
    public func rows(_ indices: [Int]) -> SupervisedSplit {
        var pickedInputs: [Double] = []
        var pickedTargets: [Double] = []
        pickedInputs.reserveCapacity(indices.count * inputDim)
        pickedTargets.reserveCapacity(indices.count * targetDim)
        for i in indices {
            pickedInputs.append(contentsOf: inputs[(i * inputDim)..<((i + 1) * inputDim)])
            pickedTargets.append(contentsOf: targets[(i * targetDim)..<((i + 1) * targetDim)])
        }
        return SupervisedSplit(inputColumns: inputColumns, targetColumns: targetColumns,
                               inputs: pickedInputs, targets: pickedTargets)
    }
}
