import Foundation
import XCTest
@testable import PhysweepSweep

/// A deterministic spec fuzzer: seeded mutations of the shipped Experiments/*.yaml (wrong types, huge
/// and negative numbers, NaN, bad YAML, aliases and alias bombs, unicode, duplicate keys, big grids)
/// parsed in-process, as `physweep validate` does. Every case must finish quickly, and every
/// rejection must be located: `FILE:LINE:COLUMN` inside the text. A crash kills the test run.
final class SpecFuzzTests: XCTestCase {
    private let experiments = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Experiments")

    func testMutatedSpecsNeverCrashHangOrGoUnlocated() throws {
        let names = ["quickstart.yaml", "oscillator.yaml", "burgers.yaml"]
        let bases = try names.map { try String(contentsOf: experiments.appendingPathComponent($0), encoding: .utf8) }
        var random = FuzzRandom(seed: 2026)
        var tally = (accepted: 0, rejected: 0, slowest: 0.0)
        let total = Date()
        for round in 0..<1500 {
            let base = bases[round % bases.count]
            var yaml = base
            for _ in 0..<(1 + random.below(3)) { yaml = SpecMutator.mutate(yaml, &random) }
            let file = "fuzz-\(round).yaml"
            let start = Date()
            let outcome = Result { try SweepSpec.parse(yaml: yaml, file: file) }
            let seconds = Date().timeIntervalSince(start)
            tally.slowest = max(tally.slowest, seconds)
            XCTAssertLessThan(seconds, 5, "case \(round) took \(seconds) s:\n\(yaml)")
            switch outcome {
            case .success(let spec):
                tally.accepted += 1
                XCTAssertLessThanOrEqual(spec.taskCount, SpecLimits.maxTasks, "case \(round)")
                if spec.taskCount <= 5_000 { XCTAssertFalse(spec.tasks().isEmpty, "case \(round)") }
            case .failure(let error as SpecErrors):
                tally.rejected += 1
                XCTAssertFalse(error.errors.isEmpty, "case \(round): rejected without an error")
                let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).count
                for e in error.errors {
                    XCTAssertTrue(e.description.hasPrefix("\(file):\(e.line):\(e.column): "), "case \(round): \(e)")
                    XCTAssertTrue((1...lines + 1).contains(e.line) && e.column >= 1, "case \(round): \(e) is outside the text")
                }
            case .failure(let error):
                XCTFail("case \(round): not a SpecErrors: \(error)")
            }
        }
        // Both outcomes are exercised, and the whole run stays short even on a loaded machine.
        XCTAssertGreaterThan(tally.accepted, 40)
        XCTAssertGreaterThan(tally.rejected, 1000)
        XCTAssertLessThan(Date().timeIntervalSince(total), 60)
        print("spec fuzzer: \(tally.accepted) accepted, \(tally.rejected) rejected, slowest \(tally.slowest) s")
    }
}

/// One seeded edit of spec text at a time; no YAML parsing (tokens are runs between YAML punctuation).
enum SpecMutator {
    static let hostileValues = [
        "-1", "0", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616",
        "1000000000000", "1e12", "1e308", "-1e308", "1e-320", ".nan", ".inf", "-.inf", "0x7fffffffffffffff", "0o777",
        "\"16\"", "'tanh'", "true", "null", "~", "[]", "{}", "[1, [2]]", "{a: b}", "[[[[[[]]]]]]", "ü", "名前", "🦀",
        "\"\\u0000\"", "\"\\uD800\"", "''", "*undefined", "&a x", "!!binary aGk=", "!!float 1", "!!int 1.5", "!custom x",
        "2001-12-14", "<<", "=", "- x", "? x", "|\n  block", "\"unterminated", "'unterminated", "[unclosed", "{unclosed",
        "a: b: c", "\t", "\u{7}", "\u{FEFF}x", "\u{2028}", "- - -", "%YAML 1.2", "---", "...", "@x", "`x",
    ]
    static let hostileKeys = ["seed", "system", "<<", "ü", "width", "steps", "seeds", "name", "grid", "x x", "\"q\"",
                              "? [a, b]", "*undefined", "&k key", "1", "true", "null"]

    static func mutate(_ text: String, _ random: inout FuzzRandom) -> String {
        var lines = text.components(separatedBy: "\n")
        switch random.below(10) {
        case 0, 1, 2:  // a value or key replaced by something hostile
            return replaceToken(text, with: random.pick(hostileValues), &random)
        case 3:
            return replaceToken(text, with: random.pick(hostileKeys), &random)
        case 4:  // a line repeated (duplicate keys), dropped, or re-indented
            let i = random.below(lines.count)
            switch random.below(3) {
            case 0: lines.insert(lines[i], at: min(lines.count, i + 1 + random.below(3)))
            case 1: lines.remove(at: i)
            default: lines[i] = (random.below(2) == 0 ? "  " : "") + String(lines[i].drop { $0 == " " && random.below(2) == 0 })
            }
            return lines.joined(separator: "\n")
        case 5:  // truncated, or a stray character inserted
            let scalars = Array(text.unicodeScalars)
            let at = random.below(scalars.count + 1)
            if random.below(2) == 0 { return String(String.UnicodeScalarView(scalars[..<at])) }
            let stray = random.pick(["\"", "'", "[", "{", "]", "}", ":", "-", "#", "&", "*", "!", "|", ">", "\t", "\u{0}", "é", "\u{301}", "\r"])
            return String(String.UnicodeScalarView(scalars[..<at])) + stray + String(String.UnicodeScalarView(scalars[at...]))
        case 6:  // an alias bomb, used as a key or a value, of random depth and fan-out
            let depth = 3 + random.below(8), fanOut = 2 + random.below(9)
            var bomb = "bomb:\n  - &b0 [x, x]\n"
            for level in 1...depth {
                bomb += "  - &b\(level) [" + Array(repeating: "*b\(level - 1)", count: fanOut).joined(separator: ", ") + "]\n"
            }
            bomb += random.below(2) == 0 ? "grid: {? *b\(depth) : [16]}\n" : "fixed: {width: *b\(depth)}\n"
            return random.below(2) == 0 ? bomb + text : text + "\n" + bomb
        case 7:  // harmless aliases: a list anchored and reused
            return text + "\nzip: {width: &w [8, 16], depth: *w}\n"
        case 8:  // a big grid, seeds or samples
            let n = random.pick([10, 100, 1000])
            let values = (1...n).map(String.init).joined(separator: ", ")
            let block = ["grid: {width: [\(values)], depth: [\(values)], steps: [\(values)]}",
                         "seeds: \(random.pick(["1000001", "999999", "[\(values)]", "-5", "1.5"]))",
                         "random: {samples: \(random.pick(["1000000", "1000001", "3"])), seed: \(random.pick(["-1", "9223372036854775807", "0"])), "
                             + "params: {width: {\(random.pick(["uniform", "log_uniform", "choice"])): "
                             + "[\(random.pick(["-9223372036854775808", "1", "0.5"])), \(random.pick(["9223372036854775807", "64", "1e300"]))]}}}"]
            return lines.filter { !$0.hasPrefix("grid:") && !$0.hasPrefix("seeds:") }.joined(separator: "\n") + "\n" + random.pick(block) + "\n"
        default:  // numbers pushed to the edges
            return replaceToken(text, with: random.pick(["9223372036854775807", "-9223372036854775808", "0", ".inf"]), &random,
                                digitsOnly: true)
        }
    }

    /// Replaces one token (a run between YAML punctuation and spaces), skipping comment lines.
    private static func replaceToken(_ text: String, with value: String, _ random: inout FuzzRandom,
                                     digitsOnly: Bool = false) -> String {
        let chars = Array(text)
        var tokens: [Range<Int>] = []
        var start: Int?
        var inComment = false
        for (i, c) in chars.enumerated() {
            if c == "\n" { inComment = false }
            if c == "#" { inComment = true }
            let isToken = !inComment && !" \t\n,[]{}:#".contains(c)
            if isToken, start == nil { start = i }
            if !isToken, let s = start {
                if !digitsOnly || chars[s].isNumber { tokens.append(s..<i) }
                start = nil
            }
        }
        guard !tokens.isEmpty else { return text }
        let token = tokens[random.below(tokens.count)]
        return String(chars[..<token.lowerBound]) + value + String(chars[token.upperBound...])
    }
}

/// xorshift64*: a fixed sequence for a fixed seed, so every run fuzzes the same cases.
struct FuzzRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    mutating func below(_ n: Int) -> Int {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33) % max(n, 1)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
