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
