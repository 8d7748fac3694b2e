import Foundation
import XCTest

/// A minimal RFC 4180 reader, independent of the writer under test.
enum CSVReader {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// Rows as column → value maps (header first).
    static func records(_ text: String) -> (header: [String], rows: [[String: String]]) {
        let all = rows(text)
        let header = all.first ?? []
        return (header, all.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }
}

/// A fresh directory per test, removed afterwards unless PHYSWEEP_KEEP_REPORT is set (to look at it).
func makeReportDirectory(_ test: XCTestCase, _ name: String) throws -> URL {
    let url = freshReportDirectory(name)
    if !keepReports { test.addTeardownBlock { try? FileManager.default.removeItem(at: url) } }
    return url
}

/// An empty directory for a report; the caller removes it unless `keepReports`.
func freshReportDirectory(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("physweep-report-tests-\(ProcessInfo.processInfo.processIdentifier)")
        .appendingPathComponent(name)
    try? FileManager.default.removeItem(at: url)
    if keepReports { print("report kept at \(url.path)") }
    return url
}

/// Set PHYSWEEP_KEEP_REPORT to keep the reports tests write (e.g. to open index.html in a browser).
let keepReports = ProcessInfo.processInfo.environment["PHYSWEEP_KEEP_REPORT"] != nil

func readText(_ directory: URL, _ name: String) throws -> String {
    try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
}
