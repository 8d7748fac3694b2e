/// The sizes a sweep spec may reach, each checked before the work it bounds (docs/spec.md, "Limits").
///
/// A spec comes from a user's file or from a peer's SUBMIT, so nothing it says may make validation
/// allocate, loop or recurse without bound: every count is compared with its limit before anything
/// of that size is built.
public enum SpecLimits {
    /// Bytes of YAML text (1 MiB): the shipped specs are under 2 KB; a spec is typed, not generated.
    public static let maxBytes = 1 << 20
    /// YAML nodes once every alias is expanded: a billion-laughs spec of a few hundred bytes would
    /// otherwise expand to billions of nodes (hashed whole when an alias is a mapping key).
    public static let maxNodes = 100_000
    /// Points of a sweep before deduplication (`SweepSpec.taskCount`): each is expanded, checked for
    /// conflicts, keyed and stored when the sweep is submitted (about 1.5 KB each in memory).
    public static let maxTasks = 1_000_000
    /// `seeds: N` and `random.samples`: each is a list built while parsing, and multiplies the task count.
    public static let maxCount = maxTasks
    /// `resources.threads`: the kernels' thread pool takes a 32-bit count; no machine here has more cores.
    public static let maxThreads = 1024
}
