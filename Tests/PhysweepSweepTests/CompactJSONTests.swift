import Foundation
import PhysweepJSON
import PhysweepMetering
import PhysweepSweep
import PhysweepTraining
import XCTest

/// `CompactJSON` reads what `JSONDecoder` reads for physweep's types and refuses anything that is
/// not JSON with an error, never a trap; `TrainResult`'s hand-written JSON is `JSONEncoder`'s.
final class CompactJSONTests: XCTestCase {
    private let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private var result: TrainResult {
        ReportFixtures.record(system: .burgers, activation: .tanh, width: 20, depth: 4, seed: .max,
                              testMSE: 2.5e-4, extrapolationMSE: 0.125, trainFLOPs: 3.2e9).result
    }

    /// Strings that need every kind of escape, and ones that need none.
    private let awkwardStrings = ["plain", "", "quote \" backslash \\ slash /", "tab\tnew\nline\r",
                                  "bell \u{7} nul \u{0} unit \u{1F}", "é ünïcödé ✓ 🎉", "del \u{7F}"]

    /// The dialect: compact, keys sorted, slashes unescaped, whole numbers without `.0`, non-finite
    /// numbers as strings (what the store keeps and the wire carries).
    func testWritesTheDialect() throws {
        let value: [String: [Double]] = ["b/c": [.nan, .infinity, -.infinity, 1, 0.5], "a": []]
        XCTAssertEqual(try text(CompactJSON.encode(value)), #"{"a":[],"b/c":["NaN","Infinity","-Infinity",1,0.5]}"#)
    }

    /// `TrainResult` is written by hand (`JSONWriter.write(_:)`): the same bytes as `JSONEncoder`,
    /// whichever optionals are set, whatever the strings and numbers, non-finite ones included.
    func testWritesATrainResultByHandAsJSONEncoderWritesIt() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let numbers: [Double] = [0, -0.0, 1, -1.5, 0.1, 1e-5, 3.2e9, 1e21, 5e-324, .infinity, -.infinity, .nan]
        for (index, string) in awkwardStrings.enumerated() {
            var result = result
            result.gitCommit = index % 3 == 0 ? nil : string
            result.machine = MachineFingerprint(cpuModel: string, logicalCores: index, os: string + "os", hostname: string)
            result.efficacy?.extrapolationMSE = index % 2 == 0 ? nil : numbers[index]
            result.efficacy?.extrapolationRelL2 = index % 4 == 1 ? nil : numbers[(index + 3) % numbers.count]
            result.efficacy?.finalLoss = numbers[(index + 5) % numbers.count]
            result.efficiency.train.energy = EnergyReading(joules: numbers[(index + 7) % numbers.count],
                                                           source: index % 2 == 0 ? .measured : .estimated, method: string)
            result.efficiency.inference.peakRSSBytes = index * 1_000_003
            result.settings = RunSettings(threads: index + 1, carbon: CarbonSettings(intensityGramsPerKWh: numbers[index], pue: 1.25),
                                          cpuTDPWatts: 65.5, inferenceRepeats: index)
            if index % 2 == 1 {  // a gridded system's metrics (shear flow), awkward names and numbers
                let errors = GridMetrics.FieldErrors(mse: numbers[index], nmse: numbers[(index + 1) % numbers.count], vrmse: 0.25,
                                                     pearsonR: index % 4 == 1 ? nil : numbers[(index + 3) % numbers.count])
                result.efficacy?.grid = GridMetrics(fields: [string: errors, "tracer": errors, "a": errors],
                                                    mse: numbers[(index + 2) % numbers.count], nmse: 1, vrmse: 2,
                                                    pearsonR: index % 4 == 1 ? nil : -0.5,
                                                    rolloutVRMSE: Array(numbers.prefix(index % 4)))
            }
            if index % 3 == 1 {  // field pictures, awkward names and numbers
                let panels = FieldSnapshots.Kind.allCases.map { kind in
                    FieldSnapshots.Panel(field: string, kind: kind, step: index, low: numbers[index], high: numbers[(index + 4) % numbers.count],
                                         pixels: string)
                }
                result.fieldSnapshots = FieldSnapshots(height: index, width: 2, pooling: index % 2 + 1, panels: index == 4 ? [] : panels)
            }
            if index == 5 { result.efficacy = nil }  // a task that trains nothing
            if index % 3 == 1 {  // a command task: the program's metrics, its GPUs, the sweep's command
                result.command = CommandRecord(metrics: [string: numbers[index], "w": 1.5], outputDirectory: string,
                                               gpus: index % 2 == 0 ? nil : [0, 3], stdoutBytes: index)
                result.machine.gpus = [GPUFingerprint(index: 3, model: string, driver: index % 2 == 0 ? nil : "550.1")]
                result.settings.command = CommandSettings(program: string, arguments: ["{x}", string], environment: [string: "1"],
                                                          timeoutSeconds: index % 2 == 0 ? nil : 60,
                                                          fields: [CommandField(name: "x", values: [.int(1), .double(0.5)])], gpus: 1)
                result.efficiency.train.scope = MeterScope(cpu: .children, peakRSS: .children)
            }
            if index % 3 == 0 { result.efficiency.train.scope = MeterScope(cpu: index % 2 == 0 ? .process : .thread,
                                                                               peakRSS: index % 4 < 2 ? .phase : .process) }
            if index % 3 == 2 { result.efficiency.train.scope = nil }
            XCTAssertEqual(text(result.compactJSON), try text(encoder.encode(result)), "\(index)")
        }
    }

    func testReadsBackWhatItWritesIncludingNonFiniteNumbers() throws {
        var diverged = result
        diverged.efficacy?.finalLoss = .infinity
        diverged.efficacy?.testMSE = -.infinity
        diverged.efficacy?.extrapolationMSE = .nan
        let json = try CompactJSON.encode(diverged)
        XCTAssertTrue(text(json).contains(#""final_loss":"Infinity""#))
        var back = try CompactJSON.decode(TrainResult.self, from: json)
        XCTAssertEqual(back.efficacy?.finalLoss, .infinity)
        XCTAssertEqual(back.efficacy?.testMSE, -.infinity)
        XCTAssertTrue(back.efficacy?.extrapolationMSE?.isNaN ?? false)
        back.efficacy?.extrapolationMSE = nil
        diverged.efficacy?.extrapolationMSE = nil
        XCTAssertEqual(back, diverged)
        XCTAssertEqual(try CompactJSON.decode([String].self, from: CompactJSON.encode(awkwardStrings)), awkwardStrings)
    }

    func testReadsWhatJSONDecoderReads() throws {
        let written = try foundation.encode(result)
        XCTAssertEqual(try CompactJSON.decode(TrainResult.self, from: written), result)
        // Whitespace, any key order, unknown keys, escapes, explicit nulls for optionals.
        let json = #"""
             { "unknown" : [1, {"x": null}, true, false, -0.5e+3],
               "joules" : 1E2 , "method" : "a\"b\\c\/d\u00e9\ud83c\udf89\n", "source": "measured" }
            """#
        let reading = try CompactJSON.decode(EnergyReading.self, from: Array(json.utf8))
        XCTAssertEqual(reading, EnergyReading(joules: 100, source: .measured, method: "a\"b\\c/dé🎉\n"))
        let efficacy = try CompactJSON.decode(Efficacy.self, from: Array(#"""
            {"initial_loss":1,"final_loss":0.5,"test_mse":0.25,"test_rel_l2":0.5,"extrap_mse":null}
            """#.utf8))
        XCTAssertNil(efficacy.extrapolationMSE)
        XCTAssertEqual(efficacy.testMSE, 0.25)
    }

    func testRefusesWhatIsNotJSONWithTheByteOffset() {
        let invalid = ["", " ", "{", "}", "[1,]", "[1 2]", "{\"a\"}", "{\"a\":}", "{a:1}", "{\"a\":1,}", "01", "1.", ".5",
                       "-", "1e", "+1", "NaN", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"",
                       "\"\\ud800\\u0041\"", "\"tab\there\"", "{} x", "[] []", "'single'"]
        for document in invalid {
            XCTAssertThrowsError(try CompactJSON.parse(Array(document.utf8)), document) { error in
                guard let syntax = error as? JSONSyntaxError else { return XCTFail("\(error) for \(document)") }
                XCTAssertTrue((0...document.utf8.count).contains(syntax.offset), "\(syntax) for \(document)")
            }
        }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try CompactJSON.parse(Array(deep.utf8))) { error in
            XCTAssertTrue("\(error)".contains("nested deeper than"), "\(error)")
        }
        XCTAssertEqual(try CompactJSON.parse(Array(#"{"a":[1,"x",null]}"#.utf8)),
                       .object([JSONMember(key: "a", value: .array([.number("1"), .string("x"), .null]))]))
    }

    func testLocatesATopLevelMembersBytesAsWritten() throws {
        let json = Array(#"{"attempt":1, "result" : { "b" : [1, 2],"a":"}" } ,"task_id":2}"#.utf8)
        let (value, range) = try CompactJSON.parse(json, locating: "result")
        let located = try XCTUnwrap(range)
        XCTAssertEqual(String(decoding: json[located], as: UTF8.self), #"{ "b" : [1, 2],"a":"}" }"#)
        XCTAssertEqual(value["task_id"], .number("2"))
        XCTAssertNil(try CompactJSON.parse(json, locating: "b").member, "only members of the top-level object")
    }

    func testLocatesNestedMembersFirstOccurrenceAsTheSubscriptReadsThem() throws {
        let json = Array(#"{"result":{"config" : {"a":1} ,"config":2,"x":{"config":3}},"config":4,"result":5}"#.utf8)
        let (value, ranges) = try CompactJSON.parse(json, locatingPaths: [["result", "config"], ["result"], ["config"], ["x"]])
        let texts = ranges.map { $0.map { String(decoding: json[$0], as: UTF8.self) } }
        XCTAssertEqual(texts, [#"{"a":1}"#, #"{"config" : {"a":1} ,"config":2,"x":{"config":3}}"#, "4", nil])
        XCTAssertEqual(value["result"]?["config"], .object([JSONMember(key: "a", value: .number("1"))]))
    }

    func testDecodingErrorsNameTheKeyPath() throws {
        var json = try text(CompactJSON.encode(result))
        json = json.replacingOccurrences(of: #""wall_s":2}"#, with: #""wall_s":"slow"}"#)
        XCTAssertThrowsError(try CompactJSON.decode(TrainResult.self, from: Array(json.utf8))) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["efficiency", "train", "wall_s"])
        }
        XCTAssertThrowsError(try CompactJSON.decode(Efficacy.self, from: Array(#"{"initial_loss":1}"#.utf8))) { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(key.stringValue, "final_loss")
        }
        XCTAssertThrowsError(try CompactJSON.decode([SystemKind].self, from: Array(#"["noop","warp-drive"]"#.utf8))) { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["1"])
        }
    }

    func testIntegersMustBeWholeAndFitTheirType() throws {
        XCTAssertEqual(try CompactJSON.decode([UInt64].self, from: Array("[18446744073709551615]".utf8)), [.max])
        for document in ["[1.0]", "[1e2]", "[-1]", "[18446744073709551616]", "[\"1\"]"] {
            XCTAssertThrowsError(try CompactJSON.decode([UInt64].self, from: Array(document.utf8)), document)
        }
        XCTAssertEqual(try CompactJSON.decode([Double].self, from: Array("[1, -2.5e-3]".utf8)), [1, -0.0025])
    }

    private func text(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self)
    }
}
