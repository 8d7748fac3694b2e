extension ConfigField {
    /// The command-line flag of this field: `learning_rate` → `--learning-rate`.
    public var flag: String { "--" + name.replacingOccurrences(of: "_", with: "-") }
}
