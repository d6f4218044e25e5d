import Foundation
import ModelLintTestSupport
import Testing
@testable import ModelLintONNX

/// The operator schemas are generated from the onnx package, never written
/// by hand: the committed table must be what `generate_schemas.py` writes
/// with the installed onnx (as swift-format checks its generated pipelines).
@Suite("ONNX operator schemas")
struct ONNXSchemaTableTests {
    static let generated = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/ModelLintONNX/Generated")

    /// What the generator writes now, or nil without Python's onnx.
    static let regenerated = PythonScript.output([generated.appendingPathComponent("generate_schemas.py").path])

    @Test(.enabled(if: regenerated != nil, "needs python3 with the onnx package"))
    func theCommittedTableIsWhatTheInstalledOnnxWrites() throws {
        let committed = try String(contentsOf: Self.generated.appendingPathComponent("ONNXSchemaTable.swift"), encoding: .utf8)
        let fresh = try #require(Self.regenerated)
        #expect(committed == fresh, """
            ONNXSchemaTable.swift is stale against onnx \\(fresh.split(separator: "\\n").first ?? ""): run
            python3 Sources/ModelLintONNX/Generated/generate_schemas.py > Sources/ModelLintONNX/Generated/ONNXSchemaTable.swift
            """)
    }

    @Test func schemasResolveByOpset() throws {
        let schemas = ONNXSchemas.shared
        let names = schemas.operatorNames(domain: "ai.onnx")
        #expect(names.count > 150)
        // Each operator's lines parse when first asked for, every version of them.
        #expect(names.filter { schemas.versions(domain: "ai.onnx", name: $0).isEmpty }.isEmpty)
        #expect(schemas.newestVersion(domain: "ai.onnx") >= 23)
        // Softmax changed at opsets 11 and 13: opset 12 reads the version of 11.
        #expect(schemas.schema(domain: "", name: "Softmax", version: 12)?.since == 11)
        #expect(schemas.schema(domain: "ai.onnx", name: "Softmax", version: 17)?.since == 13)
        // Gelu came at opset 20.
        #expect(schemas.schema(domain: "", name: "Gelu", version: 17) == nil)
        #expect(schemas.schema(domain: "", name: "Gelu", version: 20) != nil)
        #expect(schemas.suggestion(domain: "", name: "Convv") == "Conv")
        #expect(!schemas.knows(domain: "com.example"))
        let conv = try #require(schemas.schema(domain: "", name: "Conv", version: 17))
        #expect(ONNXSchemas.Schema.arity(conv.inputs) == (2, 3))
        #expect(conv.attributes["kernel_shape"]?.required == false)
        #expect(conv.constraints["T"]?.contains("float") == true && conv.constraints["T"]?.contains("int64") == false)
    }
}
