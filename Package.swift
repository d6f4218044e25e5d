// swift-tools-version:6.0
// The module graph follows DESIGN.md: the IR imports nothing, each frontend and
// the analyses import only the IR, rules import IR and Analysis, reporters import
// only the IR, the engine (ModelLint) imports everything (and Yams, for the
// `.modellint.yml` config), and the command line imports the engine. One addition:
// the Swift DSL frontend (ModelLintSwiftDSL) also imports the DSL library
// (ModelLintDSL, itself IR only), so both halves read a model with one vocabulary.
import Foundation
import PackageDescription

let package = Package(
    name: "modellint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "modellint", targets: ["modellint"]),
        .library(name: "ModelLint", targets: ["ModelLint"]),
        // What a Swift user imports to declare models (`import ModelLintDSL`) and lint them from tests (`import ModelLint`).
        .library(name: "ModelLintDSL", targets: ["ModelLintDSL"]),
        // Figures, not pass/fail: `swift run -c release modellint-bench` (docs/performance.md).
        .executable(name: "modellint-bench", targets: ["modellint-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.0"),
    ],
    targets: [
        .target(name: "ModelLintIR"),
        .target(name: "ModelLintCaffe", dependencies: ["ModelLintIR"], exclude: ["Generated/generate_fields.py", "Generated/generate_fork_fields.py"]),
        .target(
            name: "ModelLintONNX",
            dependencies: ["ModelLintIR", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            // onnx.pb.swift is generated from onnx.proto by regenerate.sh, once, and committed.
            exclude: ["Generated/onnx.proto", "Generated/regenerate.sh", "Generated/generate_schemas.py"]),
        .target(name: "ModelLintDSL", dependencies: ["ModelLintIR"]),
        // Reads a DSL model from a .swift file without compiling it: swift-syntax's parser, the DSL's own vocabulary.
        .target(name: "ModelLintSwiftDSL", dependencies: [
            "ModelLintIR", "ModelLintDSL",
            .product(name: "SwiftSyntax", package: "swift-syntax"),
            .product(name: "SwiftParser", package: "swift-syntax"),
            .product(name: "SwiftParserDiagnostics", package: "swift-syntax"),
            // Folds `a + b * c` by Swift's own precedence table, so the static evaluator need not keep one.
            .product(name: "SwiftOperators", package: "swift-syntax"),
        ]),
        // The Swift halves of the example pairs in Examples/ (the same models as Examples/caffe), compiled so that they stay valid DSL.
        .target(name: "ModelLintExamples", dependencies: ["ModelLintDSL"], path: "Examples/swift"),
        .target(name: "ModelLintAnalysis", dependencies: ["ModelLintIR"]),
        .target(name: "ModelLintRules", dependencies: ["ModelLintIR", "ModelLintAnalysis"], path: "Rules"),
        .target(name: "ModelLintReporters", dependencies: ["ModelLintIR"]),
        .target(name: "ModelLint", dependencies: [
            "ModelLintIR", "ModelLintCaffe", "ModelLintONNX", "ModelLintDSL", "ModelLintSwiftDSL", "ModelLintAnalysis", "ModelLintRules",
            "ModelLintReporters", .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(
            name: "modellint",
            dependencies: [
                "ModelLint", "ModelLintIR", "ModelLintRules", "ModelLintReporters",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // A release build on Linux links Swift's runtime and Foundation into the binary,
            // as `--static-swift-stdlib` does: the dynamic loader's symbol lookups and
            // relocations over a dozen shared libraries took 6 of the 14 ms of a run that
            // lints nothing, and a linter runs on every commit (docs/performance.md).
            // Compiled with the flag too, so that the module's link entries name the static
            // libraries Foundation needs. `--no-export-dynamic` undoes the toolchain's
            // `-export-dynamic`: with 46k exported symbols, the runtime's `dladdr` at start-up
            // (finding its own path) scanned them all, 10% of that run.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux], configuration: .release))]),
        // The benchmark: synthetic nets in every input format (Foundation only), and the
        // executable that times each phase of the engine on them and on the corpus.
        .target(name: "ModelLintBenchSupport"),
        .executableTarget(name: "modellint-bench", dependencies: [
            "ModelLintBenchSupport", "ModelLintIR", "ModelLintCaffe", "ModelLintONNX", "ModelLintAnalysis", "ModelLintRules",
        ]),

        // A seeded random number generator shared by the tests that generate inputs.
        .target(name: "ModelLintTestSupport", path: "Tests/TestSupport"),
        // Random DSL programs written by Tests/ModelLintTests/DSLProgramGenerator.swift, compiled
        // so that GeneratedDSLProgramTests can run each and compare it with the static reading.
        .target(name: "ModelLintGeneratedPrograms", dependencies: ["ModelLintDSL"], path: "Tests/GeneratedDSLPrograms"),
        .testTarget(name: "ModelLintCaffeTests", dependencies: ["ModelLintCaffe", "ModelLintTestSupport"], exclude: ["Fixtures"]),
        // ModelLintBenchSupport for the benchmark's synthetic nets, which the fast JSON decoder is checked on.
        .testTarget(name: "ModelLintONNXTests", dependencies: [
            "ModelLintONNX", "ModelLintAnalysis", "ModelLintTestSupport", "ModelLintBenchSupport",
        ]),
        .testTarget(name: "ModelLintSwiftDSLTests", dependencies: ["ModelLintSwiftDSL", "ModelLintDSL"]),
        .testTarget(name: "ModelLintAnalysisTests", dependencies: ["ModelLintAnalysis", "ModelLintCaffe", "ModelLintTestSupport"]),
        .testTarget(name: "ModelLintRulesTests", dependencies: ["ModelLintRules", "ModelLint", "ModelLintCaffe"]),
        // ModelLintRules only for the real rule declarations that SARIF `tool.driver.rules` is validated with.
        .testTarget(name: "ModelLintReportersTests", dependencies: ["ModelLintReporters", "ModelLintRules", "ModelLintTestSupport"]),
        .testTarget(
            name: "ModelLintTests",
            dependencies: ["ModelLint", "ModelLintReporters", "ModelLintRules", "ModelLintONNX", "ModelLintAnalysis", "ModelLintDSL", "ModelLintSwiftDSL",
                           "ModelLintExamples", "ModelLintGeneratedPrograms", "ModelLintTestSupport"],
            // The onnxruntime oracle script runs from its source path (see RuntimeSoundnessTests).
            exclude: ["Oracles"]),
        .testTarget(name: "ModelLintBenchSupportTests", dependencies: ["ModelLintBenchSupport", "ModelLintCaffe", "ModelLintONNX"]),
        // Runs the modellint binary that `swift test` builds with everything else. Not a
        // dependency on the executable target: that would link its module, and with it its
        // release linker flags (the static runtime), into the test bundle, next to XCTest's
        // shared one.
        .testTarget(name: "EndToEndTests", dependencies: ["ModelLintTestSupport"]),
    ]
)

// The libFuzzer target (`Fuzz/`): only with MODELLINT_FUZZ=1, as `.ci/fuzz` builds it with
// `-sanitize=fuzzer,address` in its own build folder. Without the fuzzer's runtime it has no
// `main` and could not link, so plain `swift build` and `swift test` never see it.
if ProcessInfo.processInfo.environment["MODELLINT_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "modellint-fuzz",
        dependencies: ["ModelLint", "ModelLintCaffe", "ModelLintIR", "ModelLintONNX", "ModelLintReporters", "ModelLintRules", "ModelLintSwiftDSL"],
        path: "Fuzz",
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    package.products.append(.executable(name: "modellint-fuzz", targets: ["modellint-fuzz"]))
}
