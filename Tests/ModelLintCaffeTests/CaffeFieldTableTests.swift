import Foundation
import ModelLintTestSupport
import Testing
@testable import ModelLintCaffe

/// The Caffe field table is generated from BVLC's caffe.proto (inside the
/// brocolli-caffe 9.0.2 sdist), never written by hand.
@Suite("Caffe fields from caffe.proto")
struct CaffeFieldTableTests {
    static let generated = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/ModelLintCaffe/Generated")

    /// What the generator writes now; nil without grpcio-tools or the network to fetch the sdist.
    static let regenerated = PythonScript.output([generated.appendingPathComponent("generate_fields.py").path])

    @Test(.enabled(if: regenerated != nil, "needs python3 with grpcio-tools, and pip able to download brocolli-caffe==9.0.2"))
    func theCommittedTableIsWhatCaffeProtoSays() throws {
        let committed = try String(contentsOf: Self.generated.appendingPathComponent("CaffeFieldTable.swift"), encoding: .utf8)
        #expect(committed == Self.regenerated, "CaffeFieldTable.swift is stale: run python3 Sources/ModelLintCaffe/Generated/generate_fields.py > Sources/ModelLintCaffe/Generated/CaffeFieldTable.swift")
    }

    /// What the fork generator writes now; nil without grpcio-tools or the network to fetch X2Paddle and OpenVINO.
    static let regeneratedForks = PythonScript.output([generated.appendingPathComponent("generate_fork_fields.py").path])

    @Test(.enabled(if: regeneratedForks != nil, "needs python3 with grpcio-tools, and pip able to download x2paddle==1.6.0 and openvino-dev==2023.3.0"))
    func theCommittedForkTableIsWhatTheForkProtosSay() throws {
        let committed = try String(contentsOf: Self.generated.appendingPathComponent("CaffeForkFieldTable.swift"), encoding: .utf8)
        #expect(committed == Self.regeneratedForks, "CaffeForkFieldTable.swift is stale: run python3 Sources/ModelLintCaffe/Generated/generate_fork_fields.py > Sources/ModelLintCaffe/Generated/CaffeForkFieldTable.swift")
    }

    @Test func forkFieldsJoinBVLCsWithoutReplacingThem() {
        #expect(CaffeSchemaCheck.messages["TransformationParameter"]?["resize_param"] == .message("ResizeParameter"))
        #expect(CaffeSchemaCheck.messages["TransformationParameter"]?["mirror"] == .scalar)
        #expect(CaffeSchemaCheck.forkSources["TransformationParameter.resize_param"] != nil)
        #expect(CaffeSchemaCheck.forkSources["TransformationParameter.mirror"] == nil)
        guard case .enumeration(let values)? = CaffeSchemaCheck.messages["LossParameter"]?["normalization"] else {
            Issue.record("normalization is not an enum")
            return
        }
        #expect(values.isSuperset(of: ["VALID", "BATCH_SIZE", "PRE_FIXED"]))
        #expect(CaffeSchemaCheck.forkSources["LossParameter.normalization=PRE_FIXED"] != nil)
        #expect(CaffeSchemaCheck.forkSources["LossParameter.normalization=VALID"] == nil)
    }

    @Test func fieldsAreReadFromTheTable() {
        let convolution = CaffeSchemaCheck.messages["ConvolutionParameter"]
        #expect(convolution?["kernel_size"] == .scalar)
        #expect(convolution?["kernel_sizee"] == nil)
        #expect(CaffeSchemaCheck.messages["LayerParameter"]?["convolution_param"] == .message("ConvolutionParameter"))
        guard case .enumeration(let values)? = CaffeSchemaCheck.messages["PoolingParameter"]?["pool"] else {
            Issue.record("pool is not an enum")
            return
        }
        #expect(values == ["MAX", "AVE", "STOCHASTIC"])
    }
}
