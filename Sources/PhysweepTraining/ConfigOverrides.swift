/// Why command-line overrides could not be applied: names the flag and what it expected.
public struct ConfigOverrideError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The offending flag as typed, e.g. `--learning-rate` (or the flag most to blame for a conflict).
    public var flag: String
    /// What is wrong and what would be valid.
    public var message: String

    public var description: String { "\(flag): \(message)" }
}

/// Applies `--field value` / `--field=value` words to a configuration, one flag per `ConfigField`.
///
/// The flags are derived from `ConfigField.all`, so the command line accepts exactly the fields a
/// sweep spec accepts and the two cannot drift apart.
public enum ConfigOverrides {
    /// Every accepted flag, in `ConfigField.all` order.
    public static var flags: [String] { ConfigField.all.map(\.flag) }

    /// Applies `words` (flag, value pairs) to `config`, then checks the whole config for conflicts.
    public static func apply(_ words: [String], to config: inout TrainConfig) throws(ConfigOverrideError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--") else {
                throw ConfigOverrideError(flag: word, message: "unexpected argument; config fields are given as --name value")
            }
            var flag = word
            var text: String?
            if let equals = word.firstIndex(of: "=") {
                flag = String(word[..<equals])
                text = String(word[word.index(after: equals)...])
            }
            guard let field = ConfigField.all.first(where: { $0.flag == flag }) else {
                var message = "unknown option"
                if let close = ClosestName.find(flag, in: flags) { message += " (did you mean '\(close)'?)" }
                throw ConfigOverrideError(flag: flag, message: message)
            }
            if text == nil {
                guard index < words.count else {
                    throw ConfigOverrideError(flag: flag, message: "missing value, expected \(field.expected)")
                }
                text = words[index]
                index += 1
            }
            do {
                try field.set(ConfigValue(commandLineText: text!), in: &config)
            } catch {
                var message = "got \(error.value.kindName) '\(error.value)', expected \(error.expected)"
                if let suggestion = error.suggestion { message += " (did you mean '\(suggestion)'?)" }
                throw ConfigOverrideError(flag: flag, message: message)
            }
        }
        if let conflict = config.conflicts().first {
            let flag = ConfigField.named(conflict.key)?.flag ?? "--" + conflict.key
            throw ConfigOverrideError(flag: flag, message: conflict.message)
        }
    }
}
