import Foundation
import ModelLintDSL
import SwiftParser
import SwiftSyntax
import Testing

/// The library's initializers and the vocabulary's signatures must say the
/// same thing, or a model would compile but be misread statically (or the
/// reverse). Read the library's own source with swift-syntax and compare
/// every initializer's labels, order and optionality with its signature.
@Suite("DSL initializers match the vocabulary's signatures")
struct SignatureConsistencyTests {
    static let library = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/ModelLintDSL")

    /// (label or "_", is optional) of each parameter of `type`'s public
    /// initializer that takes `file:line:column:`, without those three.
    static func initializers(in fileName: String) throws -> [String: [(label: String, optional: Bool)]] {
        let source = try String(contentsOf: library.appendingPathComponent(fileName), encoding: .utf8)
        let tree = Parser.parse(source: source)
        var found: [String: [(String, Bool)]] = [:]
        for statement in tree.statements {
            guard case .decl(let declaration) = statement.item, let type = declaration.as(StructDeclSyntax.self) else { continue }
            for member in type.memberBlock.members {
                guard let initializer = member.decl.as(InitializerDeclSyntax.self) else { continue }
                let parameters = initializer.signature.parameterClause.parameters
                guard parameters.contains(where: { $0.firstName.text == "file" }) else { continue }
                found[type.name.text] = parameters.filter { !["file", "line", "column"].contains($0.firstName.text) }.map {
                    ($0.firstName.text, $0.type.is(OptionalTypeSyntax.self) || $0.ellipsis != nil)
                }
            }
        }
        return found
    }

    static func expected(_ signature: DSLSignature) -> [String] {
        signature.parameters.map { "\($0.label ?? "_")\($0.isRequired ? "" : "?")" }
    }

    @Test func everyLayerTypeMatchesItsSignature() throws {
        let initializers = try Self.initializers(in: "Layers.swift")
        #expect(Set(initializers.keys) == Set(Vocabulary.layerNames), "a layer type for each vocabulary entry, and no other")
        for name in Vocabulary.layerNames {
            let signature = try #require(Vocabulary.definition(of: name)?.signature)
            let written = (initializers[name] ?? []).map { "\($0.label)\($0.optional ? "?" : "")" }
            #expect(written == Self.expected(signature), "\(name)")
        }
    }

    @Test func trainingMatchesItsSignature() throws {
        let written = try #require(try Self.initializers(in: "Training.swift")["Training"]).map { "\($0.label)\($0.optional ? "?" : "")" }
        #expect(written == Self.expected(Training.signature))
    }
}
