@testable import PhysweepTraining
import XCTest

/// The hot paths read config fields from their bytes, not through key paths: the values read must
/// be the fields' own, for every case of every choice and for numbers.
final class ConfigFieldReadTests: XCTestCase {
    func testEveryChoiceCaseReadsAsItsOwnName() throws {
        var config = TrainConfig.defaults(system: .burgers)
        for field in ConfigField.table {
            guard case .choice(let choice) = field.storage else { continue }
            for name in choice.names {
                var probe = config
                XCTAssertTrue(choice.assign(&probe, name), "\(field.name) = \(name)")
                XCTAssertEqual(choice.rawValue(probe), name, field.name)
            }
        }
        config.width = 123
        config.learningRate = 0.25
        let width = try XCTUnwrap(ConfigField.named("width")), rate = try XCTUnwrap(ConfigField.named("learning_rate"))
        XCTAssertEqual(TrainConfig.load(Int.self, at: width.bytes, of: config), 123)
        XCTAssertEqual(TrainConfig.load(Double.self, at: rate.bytes, of: config), 0.25)
    }

    func testOneByteEnumsAreReadByTagNotByKeyPath() {
        let names = SystemKind.allCases.map(\.rawValue)
        XCTAssertNotNil(TrainConfig.tagReader(TrainConfig.byteRange(of: \.system), names: names, \.system))
        XCTAssertNil(TrainConfig.tagReader(TrainConfig.byteRange(of: \.system), names: names.reversed(), \.system),
                     "a tag order that does not match the names is refused")
    }
}
