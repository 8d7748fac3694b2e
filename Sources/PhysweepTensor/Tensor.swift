/// A dense, row-major array of scalars with a shape; the value type that enters and leaves a `Graph`.
public struct Tensor<T: TensorScalar>: Equatable, Sendable, Codable {
    /// The extent of each axis; `[]` is a scalar.
    public var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [T]

    /// A tensor with the given shape and row-major elements.
    public init(shape: [Int], scalars: [T]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative extent")
        precondition(shape.reduce(1, *) == scalars.count,
                     "Tensor shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, scalars: [T](repeating: 0, count: shape.reduce(1, *)))
    }

    /// A tensor filled with one value.
    public init(repeating value: T, shape: [Int]) {
        self.init(shape: shape, scalars: [T](repeating: value, count: shape.reduce(1, *)))
    }

    /// A rank-0 tensor holding one scalar.
    public init(_ scalar: T) {
        self.init(shape: [], scalars: [scalar])
    }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The element at row `row`, column `column` of a rank-2 tensor.
    public subscript(row: Int, column: Int) -> T {
        get {
            precondition(shape.count == 2, "Tensor[row, column] needs a rank-2 tensor, shape is \(shape)")
            return scalars[row * shape[1] + column]
        }
        set {
            precondition(shape.count == 2, "Tensor[row, column] needs a rank-2 tensor, shape is \(shape)")
            scalars[row * shape[1] + column] = newValue
        }
    }
}
