extension ConfigValue {
    /// Reads a command-line word as the narrowest scalar it spells: integer, then number, then boolean, else string.
    ///
    /// The fields themselves decide what they accept (a real field takes an integer), so narrowest-first
    /// loses nothing and lets `--width 1.5` be rejected as "got number '1.5', expected an integer".
    public init(commandLineText text: String) {
        if let i = Int(text) {
            self = .int(i)
        } else if let d = Double(text) {
            self = .double(d)
        } else if text == "true" || text == "false" {
            self = .bool(text == "true")
        } else {
            self = .string(text)
        }
    }
}
