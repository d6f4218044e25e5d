import Foundation
import ModelLintAnalysis
import ModelLintIR
import Testing
@testable import ModelLintONNX

/// ONNX's per-operator conformance tests as a soundness oracle: with each
/// input's range set to its values' min and max, every expected output value
/// must lie inside the interval the interpreter gives it (or be NaN where NaN
/// is allowed). Runs where Python's `onnx` package can write the cases.
@Suite("Interval soundness on ONNX's conformance tests", .enabled(if: PythonONNX.packageFolder != nil))
struct NodeConformanceSoundnessTests {
    struct Violation: CustomStringConvertible {
        var testCase: String
        var output: String
        var value: Double
        var interval: Interval
        var description: String { "\(testCase): \(output) = \(value) not in \(interval)" }
    }

    static func tensor(at url: URL) -> (values: [Double], dtype: DType)? {
        guard let data = try? Data(contentsOf: url), let proto = try? Onnx_TensorProto(serializedBytes: data) else { return nil }
        let dtype = ONNXTensorData.dtype(proto.dataType)
        guard dtype != .string, dtype != .unknown else { return nil }
        return ONNXTensorData.storage(of: proto, modelFolder: nil).data.values.map { ($0, dtype) }
    }

    /// Soundness violations, and per output the ratio of the interval's width
    /// to the range the expected values span (precision: 1 is exact).
    static func check(_ caseFolder: URL) -> (violations: [Violation], widthRatios: [Double], opaque: Set<String>)? {
        let model = caseFolder.appendingPathComponent("model.onnx")
        let dataSet = caseFolder.appendingPathComponent("test_data_set_0")
        guard let bytes = try? Data(contentsOf: model),
              var graph = try? ONNXFrontend.load(SourceFile(path: model.path, bytes: Array(bytes)), encoding: .binary).graphs.first
        else { return nil }
        for (index, input) in graph.inputs.enumerated() {
            guard let (values, _) = tensor(at: dataSet.appendingPathComponent("input_\(index).pb")) else { return nil }
            let finite = values.filter { !$0.isNaN }
            guard finite.count == values.count, let lo = finite.min(), let hi = finite.max() else { return nil }
            graph.tensors[input].declaredRange = lo...hi
        }
        let analysis = IntervalAnalysis.run(ShapeInference.infer(graph))
        var violations: [Violation] = []
        var ratios: [Double] = []
        for (index, output) in graph.outputs.enumerated() {
            guard let (values, _) = tensor(at: dataSet.appendingPathComponent("output_\(index).pb")) else { continue }
            let interval = analysis.interval(of: output)
            let finite = values.filter(\.isFinite)
            if let lo = finite.min(), let hi = finite.max(), hi > lo, !interval.isNumericEmpty {
                ratios.append((interval.hi - interval.lo) / (hi - lo))
            }
            for value in values {
                let inside = value.isNaN ? interval.mayBeNaN : (interval.lo <= value && value <= interval.hi)
                if !inside {
                    violations.append(Violation(testCase: caseFolder.lastPathComponent, output: graph.tensor(output).name,
                                                value: value, interval: interval))
                    break
                }
            }
        }
        return (violations, ratios, Set(analysis.opaqueNodes.map { graph.nodes[$0].sourceType }))
    }

    @Test func everyExpectedOutputIsInsideItsInterval() throws {
        let folder = try #require(PythonONNX.nodeTestsFolder, "onnx-node-tests failed")
        let cases = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .sorted { $0.path < $1.path }
        var checked = 0
        var violations: [Violation] = []
        var ratios: [Double] = []
        var opaque: Set<String> = []
        for caseFolder in cases {
            guard let found = Self.check(caseFolder) else { continue }
            checked += 1
            violations += found.violations
            ratios += found.widthRatios
            opaque.formUnion(found.opaque)
        }
        let bounded = ratios.filter(\.isFinite).sorted()
        let median = bounded.isEmpty ? .nan : bounded[bounded.count / 2]
        print("soundness: \(checked) cases checked, \(violations.count) violations; precision: "
              + "\(bounded.count) of \(ratios.count) outputs bounded, median interval width / observed range \(median)")
        print("operators without interval semantics: \(opaque.sorted().joined(separator: ", "))")
        #expect(checked > 1000)
        #expect(violations.isEmpty, "\(violations.count) violations: \(violations.prefix(40).map(\.description).joined(separator: "\n"))")
    }
}
