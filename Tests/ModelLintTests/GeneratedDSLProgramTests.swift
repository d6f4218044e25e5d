import Foundation
import ModelLintDSL
import ModelLintGeneratedPrograms
import ModelLintIR
import ModelLintSwiftDSL
import Testing

/// The static frontend reads what the compiled program builds, on programs
/// nobody wrote by hand: `DSLProgramGenerator`'s seeded programs, with loops,
/// conditions, `switch`, helpers, closures and interpolated names. They are
/// compiled with the tests (the `ModelLintGeneratedPrograms` target) and run
/// here; each one's runtime IR must equal the IR read from its source.
@Suite("DSL: generated programs read statically as they run")
struct GeneratedDSLProgramTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("GeneratedDSLPrograms")

    static func fileName(_ index: Int) -> String { "Program_p" + (index < 10 ? "0" : "") + "\(index).swift" }

    /// The committed programs are the generator's: a changed generator regenerates
    /// them (MODELLINT_REGENERATE=1), so the programs compiled are the programs generated.
    @Test func theCommittedProgramsAreTheGeneratorsOutput() throws {
        let expected = (0..<DSLProgramGenerator.count).map { (Self.fileName($0), DSLProgramGenerator.program($0)) }
            + [("Programs.swift", DSLProgramGenerator.index())]
        if ProcessInfo.processInfo.environment["MODELLINT_REGENERATE"] == "1" {
            for (file, text) in expected {
                try text.write(to: Self.folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
            }
        }
        for (file, text) in expected {
            let committed = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
            #expect(committed == text, "\(file) is stale: run MODELLINT_REGENERATE=1 swift test --filter GeneratedDSLProgramTests")
        }
        #expect(generatedPrograms.count == DSLProgramGenerator.count)
    }

    @Test(arguments: 0..<DSLProgramGenerator.count)
    func staticIREqualsRuntimeIR(index: Int) throws {
        let file = Self.fileName(index)
        let path = Self.folder.appendingPathComponent(file).path
        let source = SourceFile(path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let result = try SwiftDSLFrontend.load(source)
        #expect(result.diagnostics.isEmpty, "\(file): \(result.diagnostics)")
        let model = try #require(generatedPrograms[file])
        let compiled = DSLRoundTripTests.canonical(model.graph)
        let read = DSLRoundTripTests.canonical(try #require(result.graphs.first))
        #expect(compiled.count > 2, "\(file) declares layers")
        for (line, (a, b)) in zip(compiled, read).enumerated() where a != b {
            Issue.record("\(file) line \(line) differs:\n compiled: \(a)\n static:   \(b)")
            break
        }
        #expect(compiled.count == read.count, "\(file)")
    }

    /// The generator is not trivial: across the programs, every construct it knows appears.
    @Test func theProgramsUseLoopsConditionsHelpersAndInterpolation() {
        let all = (0..<DSLProgramGenerator.count).map(DSLProgramGenerator.program).joined()
        for construct in ["for ", "where ", "enumerated()", "zip(", "stride(from:", "if ", "else", "switch ", "@ModelBuilder",
                          "layers.append(", "layers += ", "= { name, width in", "repeats:", "_\\(i0)", "_\\(i1)", "guard ", ".map { ($0", "break", "continue", "while "] {
            #expect(all.contains(construct), "no program uses \(construct)")
        }
    }
}
