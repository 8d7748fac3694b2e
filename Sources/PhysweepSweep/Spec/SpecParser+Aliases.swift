import Yams

/// Bounds YAML alias expansion before the spec is composed (the "billion laughs" defence).
///
/// Yams composes aliases as shared nodes, which is cheap, but it checks every mapping for duplicate
/// keys by hashing each key whole: nine anchors that each list nine aliases of the previous one, the
/// last used as a key, is a 622-byte spec whose key hashes 9^9 nodes. Yams offers no limit, so the
/// spec is first composed with every alias written as a plain scalar (`*l8` → `_l8`, same length,
/// same positions: nothing can expand), and the expanded size is counted on that tree:
///
///     text ──(*name → _name)──▶ alias-free text ──Yams──▶ tree ──count, anchors in order──▶ ≤ maxNodes?
///
/// An alias is a token that starts a node, so each one becomes a plain scalar `_name…` of its own;
/// a plain scalar that merely starts with `_name` is counted as an alias too (an over-estimate only).
extension SpecParser {
    /// The error that stops the spec from being composed as written, or nil if it may be.
    func aliasExpansionError() -> SpecError? {
        var bytes = Array(yaml.utf8)
        guard bytes.contains(UInt8(ascii: "&")) else { return nil }  // no anchor, so no alias can resolve
        var replaced = false
        for i in bytes.indices.dropLast() where bytes[i] == UInt8(ascii: "*") && Self.isAnchorByte(bytes[i + 1]) {
            bytes[i] = UInt8(ascii: "_")
            replaced = true
        }
        guard replaced else { return nil }
        // The parser is kept until the count is done: nodes hold their anchors weakly, the parser strongly.
        let aliasFree = String(decoding: bytes, as: UTF8.self)
        let parser: Parser, root: Node?
        do {
            parser = try Parser(yaml: aliasFree)
            root = try parser.singleRoot()
        } catch {
            return syntaxError(error, in: aliasFree)  // same text but for `*`: the same error at the same place
        }
        guard let root else { return nil }
        var counter = AliasExpansionCounter(limit: SpecLimits.maxNodes)
        withExtendedLifetime(parser) { _ = counter.count(root) }
        guard let alias = counter.overflowAt else { return nil }
        let name = counter.overflowName.map { " '*\($0)'" } ?? ""
        return SpecError(file: file, line: alias.mark?.line ?? 1, column: alias.mark?.column ?? 1, key: "",
                         message: "alias\(name) expands the spec beyond \(SpecLimits.maxNodes) YAML nodes",
                         expected: "fewer or smaller aliases (see docs/spec.md, Limits)")
    }

    /// libyaml's anchor characters: ASCII letters, digits, `_` and `-`.
    static func isAnchorByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "-"): return true
        default: return false
        }
    }
}

/// Counts the nodes of an alias-free tree as if every former alias were expanded, in composition
/// order (an anchor is defined once its node is complete, and a later anchor of the same name shadows it).
struct AliasExpansionCounter {
    let limit: Int
    /// Expanded size of each anchored node defined so far, by anchor name.
    private var anchors: [String: Int] = [:]
    /// Nodes counted so far, saturating just above `limit`.
    private var total = 0
    /// The former alias whose expansion first took the total past `limit`.
    private(set) var overflowAt: Node?
    private(set) var overflowName: String?

    init(limit: Int) { self.limit = limit }

    /// The expanded size of `node` (capped at `limit + 1`); stops descending once over the limit.
    mutating func count(_ node: Node) -> Int {
        guard overflowAt == nil else { return limit + 1 }
        var size = 1
        switch node {
        case .scalar(let scalar):
            if let name = Self.aliasName(scalar), let expanded = anchors[name] {
                size = expanded
                if add(size) { overflowAt = node; overflowName = name }
            } else if add(1) {
                overflowAt = node
            }
        case .sequence(let sequence):
            if add(1) { overflowAt = node }
            for item in sequence { size = Self.capped(size + count(item), limit) }
        case .mapping(let mapping):
            if add(1) { overflowAt = node }
            for (key, value) in mapping { size = Self.capped(size + count(key) + count(value), limit) }
        case .alias:
            if add(1) { overflowAt = node }
        }
        if let anchor = node.anchor { anchors[anchor.rawValue] = size }
        return size
    }

    /// Adds `nodes` to the total; true the first time the total passes the limit.
    private mutating func add(_ nodes: Int) -> Bool {
        let wasOver = total > limit
        total = Self.capped(total + nodes, limit)
        return !wasOver && total > limit
    }

    private static func capped(_ value: Int, _ limit: Int) -> Int { min(value, limit + 1) }

    /// `_name` of a plain scalar that may have been the alias `*name`.
    private static func aliasName(_ scalar: Node.Scalar) -> String? {
        guard scalar.style == .plain || scalar.style == .any else { return nil }
        let utf8 = scalar.string.utf8
        guard utf8.first == UInt8(ascii: "_") else { return nil }
        let name = utf8.dropFirst().prefix(while: SpecParser.isAnchorByte)
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }
}
