import Foundation
import XCTest

/// The layering rules of Package.swift (docs/architecture.md), checked on its text and the sources:
/// every target declares each package target it imports — SwiftPM's
/// `--explicit-target-dependency-import-check` accepts a target reached through a declared one —
/// and depends only on targets listed above it.
final class PackageStructureTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func testEveryImportedTargetIsDeclared() throws {
        let targets = try PackageTargets(Self.root)
        XCTAssertGreaterThan(targets.all.count, 10, "Package.swift's targets were not found")
        let names = Set(targets.all.map(\.name))
        var undeclared: [String] = []
        for target in targets.all {
            for (module, file) in try target.imports(under: Self.root) where names.contains(module) {
                if module != target.name, !target.dependencies.contains(module) {
                    undeclared.append("\(target.name) imports \(module) (\(file)) without declaring it")
                }
            }
        }
        XCTAssertEqual(Array(Set(undeclared)).sorted(), [], "declare these in Package.swift")
    }

    func testTargetsDependOnlyOnTargetsListedAboveThem() throws {
        let targets = try PackageTargets(Self.root)
        for (index, target) in targets.all.enumerated() {
            let above = Set(targets.all[..<index].map(\.name))
            for dependency in target.dependencies {
                XCTAssertTrue(above.contains(dependency), "\(target.name) depends on \(dependency), listed below it")
            }
        }
    }
}

/// The targets of Package.swift in the order listed, with the package targets each depends on
/// (products of other packages left out).
private struct PackageTargets {
    struct Target {
        var name: String
        var isTest: Bool
        var dependencies: [String]

        /// The modules its Swift files import, each with one file that imports it.
        func imports(under root: URL) throws -> [(String, String)] {
            let directory = root.appendingPathComponent(isTest ? "Tests" : "Sources").appendingPathComponent(name)
            let importLine = try NSRegularExpression(pattern:
                #"^\s*(?:@testable\s+)?(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#,
                options: .anchorsMatchLines)
            var found: [(String, String)] = []
            let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
            while let file = files?.nextObject() as? URL {
                guard file.pathExtension == "swift" else { continue }
                let text = try String(contentsOf: file, encoding: .utf8)
                for match in importLine.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    found.append((String(text[Range(match.range(at: 1), in: text)!]), file.lastPathComponent))
                }
            }
            return found
        }
    }

    let all: [Target]

    init(_ root: URL) throws {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let declaration = try NSRegularExpression(pattern: #"\.(target|executableTarget|testTarget|systemLibrary)\(\s*name:\s*"([^"]+)""#)
        let quoted = try NSRegularExpression(pattern: #""([^"]+)""#)
        let product = try NSRegularExpression(pattern: #"\.product\([^)]*\)"#)
        let text = manifest as NSString
        let matches = declaration.matches(in: manifest, range: NSRange(location: 0, length: text.length))
        all = matches.enumerated().map { index, match in
            let end = index + 1 < matches.count ? matches[index + 1].range.location : text.length
            let body = text.substring(with: NSRange(location: match.range.location, length: end - match.range.location))
            var dependencies: [String] = []
            if let start = body.range(of: "dependencies: [") {
                var depth = 0
                var list = ""
                for character in body[start.upperBound...] {
                    if character == "[" { depth += 1 }
                    if character == "]" { if depth == 0 { break }; depth -= 1 }
                    list.append(character)
                }
                let targetsOnly = product.stringByReplacingMatches(in: list, range: NSRange(list.startIndex..., in: list), withTemplate: "")
                dependencies = quoted.matches(in: targetsOnly, range: NSRange(targetsOnly.startIndex..., in: targetsOnly)).map {
                    String(targetsOnly[Range($0.range(at: 1), in: targetsOnly)!])
                }
            }
            return Target(name: text.substring(with: match.range(at: 2)), isTest: text.substring(with: match.range(at: 1)) == "testTarget",
                          dependencies: dependencies)
        }
    }
}
