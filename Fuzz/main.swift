// libFuzzer entry point for every reader and for the whole pipeline. Built
// only with MODELLINT_FUZZ=1 and the fuzzer sanitizer (see .ci/fuzz), never
// by `swift build` or `swift test`. FUZZ_TARGET picks what the input goes
// through; every target must return without crashing, whatever the bytes.
import Foundation
import ModelLint
import ModelLintCaffe
import ModelLintIR
import ModelLintONNX
import ModelLintReporters
import ModelLintRules
import ModelLintSwiftDSL

/// The readers take bytes from memory; the pipeline reads a file, as the CLI
/// does, so that discovery, mapping and suppressions are fuzzed too.
enum FuzzTarget: String {
    case prototxt, onnxJSON = "onnx-json", onnxBinary = "onnx-binary", swiftDSL = "swift-dsl"
    case pipelinePrototxt = "pipeline-prototxt", pipelineONNX = "pipeline-onnx", pipelineJSON = "pipeline-json"

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("FUZZ_TARGET must be one of prototxt, onnx-json, onnx-binary, swift-dsl, pipeline-prototxt, pipeline-onnx, pipeline-json\n".utf8))
            exit(2)
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .prototxt: _ = try? CaffeFrontend.load(SourceFile(path: "fuzz.prototxt", bytes: bytes))
        case .onnxJSON: _ = try? ONNXFrontend.load(SourceFile(path: "fuzz.json", bytes: bytes), encoding: .json)
        case .onnxBinary: _ = try? ONNXFrontend.load(SourceFile(path: "fuzz.onnx", bytes: bytes), encoding: .binary)
        case .swiftDSL: _ = try? SwiftDSLFrontend.load(SourceFile(path: "Fuzz.swift", bytes: bytes))
        case .pipelinePrototxt: Self.pipeline(bytes, extension: "prototxt")
        case .pipelineONNX: Self.pipeline(bytes, extension: "onnx")
        case .pipelineJSON: Self.pipeline(bytes, extension: "json")
        }
    }

    /// Read, analyse, every rule, every reporter.
    static func pipeline(_ bytes: [UInt8], extension ext: String) {
        let folder = ProcessInfo.processInfo.environment["FUZZ_SCRATCH"] ?? NSTemporaryDirectory()
        let path = "\(folder)/modellint-fuzz-\(getpid()).\(ext)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let linter = Linter(rules: RuleRegistry.all, showProofs: true, configuration: .none)
        let report = linter.lint(paths: [path])
        let rules = RuleRegistry.descriptions
        let reporters: [any Reporter] = [TextReporter(useColor: true), JSONReporter(), GitHubReporter(),
                                         SARIFReporter(rules: rules), JUnitReporter(rules: rules), HTMLReporter()]
        for reporter in reporters { _ = reporter.render(report) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.current.run(bytes)
    return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`, where
/// libFuzzer brings its own `main`: this one hands the command line to
/// libFuzzer's driver, with the entry point above.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("modellint_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
