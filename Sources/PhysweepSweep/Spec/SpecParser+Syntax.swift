import Yams

/// YAML syntax errors, placed where the user has to look.
///
/// - An unterminated construct (a quote, `[`, `{` left open) is reported where it starts, not at the
///   end of the file where libyaml noticed it.
/// - A duplicate key is reported at the repeated key: Yams reports the first occurrence, so the spec
///   is composed again with that occurrence renamed (one character, same positions) and the repeated
///   key is looked up in the same mapping.
extension SpecParser {
    /// The located error for a Yams error raised on `text` (the spec, or its alias-free copy: never
    /// compose the spec itself again before its alias expansion is known to be bounded).
    func syntaxError(_ error: Error, in text: String) -> SpecError {
        guard let yamlError = error as? YamlError else {
            return SpecError(file: file, line: 1, column: 1, key: "", message: "invalid YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            guard let context, !context.text.isEmpty, TextPosition(context.mark) != TextPosition(mark) else {
                return SpecError(file: file, line: mark.line, column: mark.column, key: "", message: "invalid YAML: \(problem)")
            }
            if TextPosition(mark) == Self.endPosition(of: text) {
                return SpecError(file: file, line: context.mark.line, column: context.mark.column, key: "",
                                 message: "invalid YAML: \(problem) (\(context.text) that starts here)")
            }
            return SpecError(file: file, line: mark.line, column: mark.column, key: "",
                             message: "invalid YAML: \(problem) (\(context.text) at line \(context.mark.line), "
                                 + "column \(context.mark.column))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let name = duplicates.first ?? ""
            let first = TextPosition(context.mark)
            let repeated = Self.repeatedKey(name, firstAt: first, in: text) ?? first
            let firstNote = repeated == first ? "" : " (first at line \(first.line), column \(first.column))"
            let others = duplicates.dropFirst().map { "'\($0)'" }.joined(separator: ", ")
            return SpecError(file: file, line: repeated.line, column: repeated.column, key: "",
                             message: "duplicate key '\(name)'\(firstNote)" + (others.isEmpty ? "" : "; also repeated here: \(others)"))
        case .reader(let problem, let offset, _, _):
            let at = offset.map { Self.position(ofCharacter: $0, in: text) } ?? TextPosition(line: 1, column: 1)
            return SpecError(file: file, line: at.line, column: at.column, key: "", message: "invalid YAML: \(problem)")
        default:
            return SpecError(file: file, line: 1, column: 1, key: "", message: "invalid YAML: \(yamlError)")
        }
    }

    /// Where the repeated occurrence of the duplicate key `name` first found at `first` is, if it can
    /// be told. The first occurrence is renamed; while the text still has other duplicate keys, their
    /// first occurrences are renamed too (a few at most), until it composes.
    private static func repeatedKey(_ name: String, firstAt first: TextPosition, in text: String) -> TextPosition? {
        var scalars = Array(text.unicodeScalars)
        var rename = first
        for _ in 0..<8 {
            guard var i = scalarIndex(of: rename, in: scalars), i < scalars.count else { return nil }
            if scalars[i] == "\"" || scalars[i] == "'" { i += 1 }
            guard i < scalars.count else { return nil }
            scalars[i] = scalars[i] == "x" ? "y" : "x"
            var renamed = String.UnicodeScalarView()
            renamed.append(contentsOf: scalars)
            do {
                guard let root = try Yams.compose(yaml: String(renamed)) else { return nil }
                var budget = SpecLimits.maxNodes
                return findRepeated(name, firstAt: first, in: root, budget: &budget)
            } catch YamlError.duplicatedKeysInMapping(_, let context) where TextPosition(context.mark) != rename {
                rename = TextPosition(context.mark)
            } catch {
                return nil
            }
        }
        return nil
    }

    /// Searches the mapping that holds a key at `first` for a later key spelt `name`.
    private static func findRepeated(_ name: String, firstAt first: TextPosition, in node: Node,
                                     budget: inout Int) -> TextPosition? {
        budget -= 1
        guard budget > 0 else { return nil }
        switch node {
        case .mapping(let mapping):
            if mapping.contains(where: { $0.key.mark.map(TextPosition.init) == first }) {
                let later = mapping.first { pair in
                    guard let mark = pair.key.mark, TextPosition(mark) > first else { return false }
                    return pair.key.string == name
                }
                if let mark = later?.key.mark { return TextPosition(mark) }
            }
            for (key, value) in mapping {
                if let found = findRepeated(name, firstAt: first, in: key, budget: &budget)
                    ?? findRepeated(name, firstAt: first, in: value, budget: &budget) { return found }
            }
        case .sequence(let sequence):
            for item in sequence {
                if let found = findRepeated(name, firstAt: first, in: item, budget: &budget) { return found }
            }
        case .scalar, .alias:
            break
        }
        return nil
    }

    /// The (line, column) just past the last character, as libyaml counts them (columns in Unicode scalars).
    private static func endPosition(of text: String) -> TextPosition {
        var line = 1, column = 1
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if isBreak(scalar) {
                if !(scalar == "\n" && previous == "\r") { line += 1 }
                column = 1
            } else {
                column += 1
            }
            previous = scalar
        }
        return TextPosition(line: line, column: column)
    }

    /// The index in `scalars` of a position.
    private static func scalarIndex(of position: TextPosition, in scalars: [Unicode.Scalar]) -> Int? {
        var l = 1, c = 1
        for (i, scalar) in scalars.enumerated() {
            if l == position.line && c == position.column { return i }
            if isBreak(scalar) {
                if !(scalar == "\n" && i > 0 && scalars[i - 1] == "\r") { l += 1 }
                c = 1
            } else {
                c += 1
            }
        }
        return l == position.line && c == position.column ? scalars.count : nil
    }

    /// The position of the `offset`-th character.
    private static func position(ofCharacter offset: Int, in text: String) -> TextPosition {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character.isNewline { line += 1; column = 1 } else { column += character.unicodeScalars.count }
        }
        return TextPosition(line: line, column: column)
    }

    /// libyaml's line breaks: LF, CR (CR LF counts once), NEL, LS, PS.
    private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}

/// A 1-based (line, column) in the spec text, columns in Unicode scalars as libyaml counts them.
private struct TextPosition: Comparable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ mark: Mark) { self.init(line: mark.line, column: mark.column) }

    static func < (a: TextPosition, b: TextPosition) -> Bool { (a.line, a.column) < (b.line, b.column) }
}
