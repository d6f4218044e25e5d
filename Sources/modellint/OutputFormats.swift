import Foundation
import ModelLint
import ModelLintIR
import ModelLintReporters

/// What a reporter may need from the command line to be built.
struct ReporterContext: Sendable {
    var useColor: Bool
    var quiet: Bool
    /// The selected rules' declarations (JUnit's testcases, SARIF's `tool.driver.rules`).
    var rules: [RuleDescription]
    /// Where SARIF URIs are relative to; nil = the current folder.
    var baseDirectory: String?
    /// HTML: each file's graph as inline SVG, by path (empty without Graphviz).
    var pictures: [String: String] = [:]
    /// HTML: why the pictures are missing.
    var missingPictureReason: String?
}

/// Every format `--format` accepts, one line each, in the order `--help` and
/// the usage error list them.
enum OutputFormats {
    typealias Make = @Sendable (ReporterContext) -> any Reporter

    static let all: [(identifier: String, make: Make)] = [
        (TextReporter.identifier, { TextReporter(useColor: $0.useColor, quiet: $0.quiet) }),
        (JUnitReporter.identifier, { JUnitReporter(rules: $0.rules) }),
        (GitHubReporter.identifier, { _ in GitHubReporter() }),
        (JSONReporter.identifier, { _ in JSONReporter() }),
        (SARIFReporter.identifier, { SARIFReporter(rules: $0.rules, baseDirectory: $0.baseDirectory) }),
        (HTMLReporter.identifier, { HTMLReporter(pictures: $0.pictures, missingPictureReason: $0.missingPictureReason) }),
    ]

    static var identifiers: [String] { all.map(\.identifier) }

    static func make(_ identifier: String, _ context: ReporterContext) -> (any Reporter)? {
        all.first { $0.identifier == identifier }?.make(context)
    }
}

/// One report to write: a format and where it goes (nil = standard output).
struct OutputTarget: Equatable {
    var format: String
    var file: String?

    /// `--format F` and `--format F:FILE` (the first `:` separates; a FILE may
    /// itself hold colons), with `-o FILE` for the one plain `F`. Without a
    /// plain `F`, text goes to standard output (or `-o`) beside the files.
    static func parse(formats: [String], output: String?) throws -> [OutputTarget] {
        var targets: [OutputTarget] = []
        var plain: [String] = []
        for value in formats {
            if let colon = value.firstIndex(of: ":") {
                let file = String(value[value.index(after: colon)...])
                guard !file.isEmpty else { throw OutputError("--format \(value): no file after ':'") }
                targets.append(OutputTarget(format: String(value[..<colon]), file: file))
            } else {
                plain.append(value)
            }
        }
        guard plain.count <= 1 else {
            throw OutputError("only one --format without a file can go to \(output.map { "'\($0)'" } ?? "standard output"); "
                              + "give the others as --format F:FILE")
        }
        targets.insert(OutputTarget(format: plain.first ?? TextReporter.identifier, file: output), at: 0)
        for target in targets where !OutputFormats.identifiers.contains(target.format) {
            throw OutputError("unknown format '\(target.format)'; available: \(OutputFormats.identifiers.joined(separator: ", "))")
        }
        let files = targets.compactMap(\.file).map(canonical)
        if let twice = files.first(where: { file in files.filter { $0 == file }.count > 1 }) {
            throw OutputError("two reports would be written to '\(twice)'")
        }
        return targets
    }

    /// modellint never writes a report over an input model, even when asked to.
    static func checkNotAnInput(_ file: String, inputs paths: [String]) throws {
        let target = canonical(file)
        let inputs = paths.map(canonical)
        if inputs.contains(where: { target == $0 || target.hasPrefix($0 + "/") && ModelFormat.byExtension(target) != nil }) {
            throw OutputError("the report would overwrite the model '\(file)'; choose another output file")
        }
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

struct OutputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes `contents` to `path` atomically: into a new temporary file in the
/// same folder (so the rename cannot cross file systems), then renamed over
/// `path`. A reader never sees half a report, a failed write leaves the old
/// file alone, and no temporary file is left behind either way. The new file
/// gets the usual permissions (0666 less the umask). A symbolic link at
/// `path` is replaced by the file, not followed.
enum AtomicWrite {
    static func write(_ contents: String, to path: String) throws {
        try write(bytes: Array(contents.utf8), to: path)
    }

    /// The same for bytes (a PNG).
    static func write(bytes contents: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".modellint-\(getpid())-\(UUID().uuidString.prefix(8)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "create a temporary file in '\(folder)'", code: errno) }
        var bytes = contents
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw POSIXFailure(operation: "write '\(path)'", code: code)
            }
            written += result
        }
        let synced = fsync(descriptor) == 0
        let syncCode = errno
        if close(descriptor) != 0 || !synced {
            let code = synced ? errno : syncCode
            unlink(temporary)
            throw POSIXFailure(operation: "write '\(path)'", code: code)
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw POSIXFailure(operation: "replace '\(path)'", code: code)
        }
    }

    struct POSIXFailure: Error, CustomStringConvertible {
        var operation: String
        var code: Int32
        var description: String { "cannot \(operation): \(String(cString: strerror(code)))" }
    }
}
