import Foundation
@testable import PhysweepCluster
import PhysweepZMQ
import XCTest

/// Key files and allowed-key lists: formats, permissions, errors with their place.
final class CurveKeyFileTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        try XCTSkipUnless(ZMQCurveKeyPair.isAvailable, "this libzmq has no CURVE")
        directory = NSTemporaryDirectory() + "physweep-keys-\(UUID().uuidString)"
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    func testAWrittenPairReadsBackAndTheSecretIsTheOwnersOnly() throws {
        let pair = try ZMQCurveKeyPair.generate()
        let (publicPath, secretPath) = try CurveKeyFile.write(pair, name: "w1", in: directory)
        XCTAssertEqual(try CurveKeyFile.readPublic(publicPath), pair.publicKey)
        XCTAssertEqual(try CurveKeyFile.readSecret(secretPath), pair)
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: secretPath)[.posixPermissions] as? Int)
        XCTAssertEqual(mode, 0o600)
        XCTAssertTrue(try String(contentsOfFile: publicPath, encoding: .utf8).contains(pair.publicKey.fingerprint))
        XCTAssertThrowsError(try CurveKeyFile.write(try .generate(), name: "w1", in: directory)) {
            XCTAssertEqual($0 as? KeyFileError, .exists(publicPath))
        }
        XCTAssertThrowsError(try CurveKeyFile.write(pair, name: "../x", in: directory))
    }

    func testASecretReadableByOthersIsRefused() throws {
        let (_, secretPath) = try CurveKeyFile.write(try .generate(), name: "w1", in: directory)
        chmod(secretPath, 0o644)
        XCTAssertThrowsError(try CurveKeyFile.readSecret(secretPath)) {
            XCTAssertEqual($0 as? KeyFileError, .exposedSecret(path: secretPath, mode: 0o644))
        }
    }

    func testKeysRoundTripThroughZ85AndThePublicKeyIsDerivedFromTheSecret() throws {
        let pair = try ZMQCurveKeyPair.generate()
        XCTAssertEqual(ZMQCurveKey(z85: pair.secretKey.z85), pair.secretKey)
        XCTAssertEqual(try ZMQCurveKeyPair(secretKey: pair.secretKey).publicKey, pair.publicKey)
        XCTAssertNotEqual(pair.publicKey, pair.secretKey)
        XCTAssertNil(ZMQCurveKey(z85: String(pair.publicKey.z85.dropLast())))
        XCTAssertNil(ZMQCurveKey(z85: String(repeating: "~", count: 40)), "~ is not Z85")
        XCTAssertEqual(pair.publicKey.fingerprint.count, 16)
    }

    func testAnAllowListFileTakesLabelsAndCommentsAndABrokenLineIsNamed() throws {
        let (a, b) = (try ZMQCurveKeyPair.generate(), try ZMQCurveKeyPair.generate())
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let list = directory + "/allowed.txt"
        try "# lab\n\(a.publicKey.z85) node-a\n\n  \(b.publicKey.z85)\n".write(toFile: list, atomically: true, encoding: .utf8)
        XCTAssertEqual(try AllowedKeys.load(list).keys, [a.publicKey, b.publicKey])
        try "\(a.publicKey.z85)\nnot-a-key\n".write(toFile: list, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try AllowedKeys.load(list)) {
            guard case .malformed(list, 2, _)? = $0 as? KeyFileError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try AllowedKeys.load(directory + "/missing"))
    }

    func testADirectoryAllowsItsPubFilesOnly() throws {
        let a = try ZMQCurveKeyPair.generate()
        _ = try CurveKeyFile.write(a, name: "a", in: directory)
        XCTAssertEqual(try AllowedKeys.load(directory).keys, [a.publicKey], "the .key file is not read as an allowed key")
    }

    func testOnlyLoopbackIpcAndInprocCountAsLocal() {
        for local in ["tcp://127.0.0.1:5555", "tcp://127.0.0.1:*", "tcp://localhost:5555", "tcp://[::1]:5555", "ipc:///tmp/x", "inproc://x"] {
            XCTAssertTrue(BindScope.isLocalOnly(local), local)
        }
        for open in ["tcp://*:5555", "tcp://0.0.0.0:5555", "tcp://eth0:5555", "tcp://10.0.0.5:5555", "tcp://[::]:5555", "tcp://127.0.0.1.evil:1"] {
            XCTAssertFalse(BindScope.isLocalOnly(open), open)
        }
    }
}
