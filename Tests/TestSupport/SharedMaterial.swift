import Foundation

/// The development material that is not part of the repository: the real
/// corpora, the schemas and the independent validators. `.ci/run` passes
/// their folder in `MODELLINT_SHARED` (an absolute path, or one relative to
/// the package); a test that needs them is skipped with `SharedMaterial.absent`
/// when it is not set, so `swift test` passes in a bare clone.
public enum SharedMaterial {
    /// The package's root folder (where `Package.swift` is).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder `MODELLINT_SHARED` names, when it is set and exists.
    public static let folder: URL? = {
        guard let value = ProcessInfo.processInfo.environment["MODELLINT_SHARED"], !value.isEmpty else { return nil }
        let url = value.hasPrefix("/") ? URL(fileURLWithPath: value) : packageRoot.appendingPathComponent(value)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        return url.standardizedFileURL
    }()

    public static var isAvailable: Bool { folder != nil }

    /// Why a test that needs the material did not run.
    public static let absent = "needs the shared corpus and tools: set MODELLINT_SHARED to their folder (.ci/run does)"

    /// `relative` inside the shared folder (`corpus/onnx`, `tools/validate-sarif`);
    /// a path that leads nowhere when the material is absent, for tests the
    /// `absent` condition already skips.
    public static func url(_ relative: String) -> URL {
        (folder ?? URL(fileURLWithPath: "/nonexistent/modellint-shared")).appendingPathComponent(relative)
    }

    public static func path(_ relative: String) -> String { url(relative).path }

    /// The model corpus `name` (`caffe`, `onnx`) that tests walk: the shared
    /// one when `MODELLINT_SHARED` is set, else the compact subset committed
    /// in `Tests/Fixtures/corpus` (real files too, under their licences), so
    /// a bare clone still reads real models.
    public static func corpus(_ name: String) -> URL {
        folder.map { $0.appendingPathComponent("corpus/" + name) }
            ?? packageRoot.appendingPathComponent("Tests/Fixtures/corpus/" + name)
    }

    /// What a walk of a corpus must at least see: `full` files in the shared
    /// corpus, `fixture` in the committed subset.
    public static func atLeast(full: Int, fixture: Int) -> Int { isAvailable ? full : fixture }

    /// Which corpus the tests walk, for their messages.
    public static var corpusDescription: String {
        isAvailable ? "the shared corpus" : "the fixture corpus (Tests/Fixtures/corpus; set MODELLINT_SHARED for the full one)"
    }
}

import Testing

extension SharedMaterial {
    /// The trait of a test or suite that needs the shared material.
    public static var required: ConditionTrait {
        .enabled(if: isAvailable, Comment(rawValue: absent))
    }
}
