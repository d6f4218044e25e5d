import Foundation

/// Runs Graphviz's `dot` to turn a DOT picture into SVG or PNG. modellint
/// itself only writes DOT (`GraphDOT`); `dot` is optional, found on `PATH`
/// (or named by `MODELLINT_DOT`).
public enum Graphviz {
    /// `dot` is not installed.
    public struct Missing: Error, CustomStringConvertible {
        public init() {}
        public var description: String { "Graphviz's `dot` is not installed (apt-get install graphviz)" }
    }

    /// `dot` ran and failed.
    public struct Failed: Error, CustomStringConvertible {
        public var status: Int32
        public var message: String
        public var description: String {
            "Graphviz's `dot` failed (exit \(status))" + (message.isEmpty ? "" : ": " + message)
        }
    }

    /// The `dot` executable: `MODELLINT_DOT` when set, else the first `dot` on `PATH`.
    public static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let named = environment["MODELLINT_DOT"], !named.isEmpty {
            return FileManager.default.isExecutableFile(atPath: named) ? named : nil
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = String(folder) + "/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `dot -T<format>` of `dot`: `svg` or `png`. The DOT goes through a
    /// temporary file (no pipe to fill both ways), which is removed after.
    public static func render(_ dot: String, format: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Data {
        do {
            return try render(dot, format: format, options: [], environment: environment)
        } catch let failed as Failed where failed.message.contains("trouble in init_rank") {
            // dot's ranking of nested clusters fails on some nets (DenseNet's
            // concatenations); its newer ranking does not, but is much slower
            // on others (ViT), so it is only the second try.
            return try render(dot, format: format, options: ["-Gnewrank=true"], environment: environment)
        }
    }

    static func render(_ dot: String, format: String, options: [String], environment: [String: String]) throws -> Data {
        guard let executable = executable(environment: environment) else { throw Missing() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-dot-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("graph.dot")
        let output = folder.appendingPathComponent("graph.\(format)")
        try Data(dot.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = options + ["-T\(format)", input.path, "-o", output.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: output) else {
            throw Failed(status: process.terminationStatus,
                         message: String(decoding: message, as: UTF8.self).split(separator: "\n").prefix(3)
                            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return data
    }

    /// An SVG from `dot` made fit to sit inside an HTML page: from `<svg` on,
    /// without the XML declaration, DOCTYPE and comments before it.
    public static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return svg }
        return String(svg[start.lowerBound...])
    }
}
