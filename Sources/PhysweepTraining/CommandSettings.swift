/// How the command system runs its program: the same for every task of a sweep, so it travels in
/// `RunSettings` (once per sweep in the store, with every TASK on the wire); what varies per task
/// is `TrainConfig.commandPoint` (the user fields) and the seed. See docs/spec.md, "The command system".
///
///     CommandSettings(program: "python3", arguments: ["train.py", "--lr", "{lr}"],
///                     fields: [CommandField(name: "lr", values: [.double(0.1), .double(0.01)])])
public struct CommandSettings: Codable, Hashable, Sendable {
    /// The program: a path, or a name looked up in the worker's `PATH`.
    public var program: String
    /// Its arguments; `{field}` is replaced by the task's value of a field (`{{` and `}}` are braces).
    public var arguments: [String]
    /// Directory the program starts in (absolute; nil: the worker's own).
    public var workingDirectory: String?
    /// Environment variables set for the program, on top of `PATH` and `HOME` (values take placeholders too).
    public var environment: [String: String]
    /// Seconds before the program's process group is ended and the attempt fails (nil: no limit).
    public var timeoutSeconds: Double?
    /// Seconds between SIGTERM and SIGKILL when the group is ended.
    public var graceSeconds: Double
    /// Directory under which each attempt gets `<task_key>/attempt-<n>/` (absolute).
    public var outputDirectory: String
    /// The user-defined fields, in spec order.
    public var fields: [CommandField]
    /// GPUs each task needs (`resources: {gpus: N}`); 0: none.
    public var gpus: Int

    public init(program: String, arguments: [String] = [], workingDirectory: String? = nil,
                environment: [String: String] = [:], timeoutSeconds: Double? = nil, graceSeconds: Double = 10,
                outputDirectory: String = "physweep-output", fields: [CommandField] = [], gpus: Int = 0) {
        self.program = program
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.timeoutSeconds = timeoutSeconds
        self.graceSeconds = graceSeconds
        self.outputDirectory = outputDirectory
        self.fields = fields
        self.gpus = gpus
    }

    enum CodingKeys: String, CodingKey {
        case program, arguments, workingDirectory = "working_directory", environment
        case timeoutSeconds = "timeout_s", graceSeconds = "grace_s", outputDirectory = "output_directory", fields, gpus
    }

    /// Placeholders every task can use besides its user fields.
    public static let builtInPlaceholders = ["seed", "task_key", "attempt", "output_dir"]

    /// `text` with each `{name}` replaced by `values[name]`; throws the first unknown or unclosed placeholder.
    public static func fill(_ text: String, with values: [String: String]) throws(CommandTemplateError) -> String {
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if (c == "{" || c == "}"), next < text.endIndex, text[next] == c {
                out.append(c)
                i = text.index(after: next)
            } else if c == "{" {
                guard let close = text[next...].firstIndex(of: "}") else { throw .unclosed(text) }
                let name = String(text[next..<close])
                guard let value = values[name] else { throw .unknown(name, in: text) }
                out += value
                i = text.index(after: close)
            } else if c == "}" {
                throw .unclosed(text)
            } else {
                out.append(c)
                i = next
            }
        }
        return out
    }
}

/// A placeholder in a command's argument or environment value that cannot be filled.
public enum CommandTemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknown(String, in: String)
    case unclosed(String)

    public var description: String {
        switch self {
        case .unknown(let name, let text): return "unknown placeholder {\(name)} in '\(text)'"
        case .unclosed(let text): return "unbalanced brace in '\(text)' (write {{ or }} for a literal brace)"
        }
    }
}
