import Foundation

/// CSV quoting (RFC 4180).
enum CSV {
    /// `text` as one CSV field: quoted when it holds a comma, quote, line break or edge space,
    /// with inner quotes doubled.
    static func field(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
