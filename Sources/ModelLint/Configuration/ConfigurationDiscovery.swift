#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ModelLintIR

/// Which configuration each model file is linted with.
///
/// By default, the nearest `.modellint.yml`: the one in the model's folder,
/// else in its parent, and so on up to the filesystem root. The nearest file
/// wins entirely; configurations are never merged with those above them.
/// Folders are walked lexically (`a/b/..` is `a`, symbolic links are not
/// followed upwards), so the walk always ends, and each folder's answer is
/// remembered: a folder of 1,000 models costs one look per folder and one
/// read per configuration file.
///
/// Not thread-safe: the engine asks it for every file before linting them in parallel.
public final class ConfigurationDiscovery {
    public enum Mode: Equatable, Sendable {
        /// The nearest `.modellint.yml` above each model file.
        case nearest
        /// `--config FILE`: this file for every model.
        case file(String)
        /// `--no-config`: command-line options and defaults only.
        case none
    }

    /// A model's configuration, or the configuration file that should have
    /// applied but has errors (the model must not be linted with a wrong one).
    public enum Lookup: Equatable, Sendable {
        case found(Configuration)
        case broken(configurationPath: String)
    }

    /// A configuration file that could not be used, with its problems and its text (for quoting).
    public struct Failure: Sendable {
        public var path: String
        public var error: ConfigurationError
        public var source: SourceFile?
    }

    public let mode: Mode
    private let currentDirectory: String
    /// Absolute folder -> absolute path of the nearest configuration file at or above it, or nil for none.
    private var nearestByFolder: [String: String?] = [:]
    /// Absolute configuration path -> what reading it gave.
    private var loaded: [String: Result<Configuration, ConfigurationError>] = [:]
    /// Configuration files with errors, in the order they were first met.
    public private(set) var failures: [Failure] = []
    /// How many configuration files were read (each at most once).
    public private(set) var filesRead = 0
    /// How many folders were looked into for a `.modellint.yml`.
    public private(set) var foldersSearched = 0

    public init(mode: Mode = .nearest, currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.mode = mode
        self.currentDirectory = Self.normalized(currentDirectory)
    }

    /// The configuration for the model file at `path` (as the user gave it or as discovered).
    public func lookup(forModelAt path: String) -> Lookup {
        let configurationPath: String
        switch mode {
        case .none:
            return .found(.empty)
        case .file(let given):
            configurationPath = Self.absolute(given, in: currentDirectory)
            return load(configurationPath, shownAs: given)
        case .nearest:
            let folder = Self.parent(of: Self.absolute(path, in: currentDirectory))
            guard let nearest = nearestConfiguration(inOrAbove: folder) else { return .found(.empty) }
            configurationPath = nearest
            return load(configurationPath, shownAs: display(configurationPath))
        }
    }

    private func load(_ path: String, shownAs shown: String) -> Lookup {
        if loaded[path] == nil {
            filesRead += 1
            do {
                let bytes = try InputFile.bytes(of: path, maximumBytes: InputLimits.maximumSettingsFileBytes,
                                                kind: "configuration files")
                let source = SourceFile(path: shown, bytes: bytes)
                do throws(ConfigurationError) {
                    var configuration = try ConfigurationReader.read(source)
                    configuration.folder = Self.parent(of: path)
                    loaded[path] = .success(configuration)
                } catch {
                    loaded[path] = .failure(error)
                    failures.append(Failure(path: shown, error: error, source: source))
                }
            } catch {
                let error = ConfigurationError(problems: [.init(
                    message: "cannot read the configuration file: \(error.message)", location: .startOf(shown))])
                loaded[path] = .failure(error)
                failures.append(Failure(path: shown, error: error, source: nil))
            }
        }
        switch loaded[path]! {
        case .success(let configuration): return .found(configuration)
        case .failure: return .broken(configurationPath: shown)
        }
    }

    /// Walks up from `folder`, remembering the answer for every folder passed.
    private func nearestConfiguration(inOrAbove folder: String) -> String? {
        var passed: [String] = []
        var current = folder
        var answer: String?
        while true {
            if let known = nearestByFolder[current] {
                answer = known
                break
            }
            passed.append(current)
            foldersSearched += 1
            let candidate = (current == "/" ? "" : current) + "/" + Configuration.fileName
            if InputFile.isPresent(candidate) {   // a broken configuration is an error, not absent
                answer = candidate
                break
            }
            let up = Self.parent(of: current)
            if up == current { break }    // the root
            current = up
        }
        for folder in passed { nearestByFolder[folder] = .some(answer) }
        return answer
    }

    /// Shown relative to the current directory when it lies under it (as the
    /// model paths usually are), absolute otherwise.
    private func display(_ path: String) -> String {
        let prefix = currentDirectory == "/" ? "/" : currentDirectory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// `path` made absolute against `folder`, with `.`, `..` and repeated slashes removed lexically.
    static func absolute(_ path: String, in folder: String) -> String {
        normalized(path.hasPrefix("/") ? path : folder + "/" + path)
    }

    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The folder holding `path`; the root is its own parent.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), path != "/" else { return "/" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
