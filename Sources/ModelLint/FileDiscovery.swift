import Foundation
import ModelLintIR

/// Turns the paths on the command line into the model files to lint: files
/// as given, folders walked (hidden folders and build folders skipped) for
/// files of a known format, in a stable order.
public struct FileDiscovery {
    public struct Result: Sendable {
        public var files: [(path: String, format: ModelFormat?)]
        /// Paths that do not exist: errors, since the user asked for them.
        public var missing: [Diagnostic]
        /// The files found by walking a folder (rather than named): a configuration's `exclude` applies to them.
        public var walked: Set<String> = []
    }

    public static func discover(_ paths: [String]) -> Result {
        var result = Result(files: [], missing: [])
        var seen = Set<String>()
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.missing.append(Diagnostic(severity: .error, message: Self.whyMissing(path), location: .startOf(path)))
                continue
            }
            if !isDirectory.boolValue {
                if seen.insert(path).inserted { result.files.append((path, ModelFormat.byExtension(path))) }
                continue
            }
            for file in walk(path) where seen.insert(file).inserted {
                guard let format = ModelFormat.byExtension(file), ModelFormat.looksLikeModel(file, format: format) else { continue }
                result.files.append((file, format))
                result.walked.insert(file)
            }
        }
        return result
    }

    /// A path that names nothing readable: absent, or a link that leads nowhere.
    private static func whyMissing(_ path: String) -> String {
        guard InputFile.isPresent(path) else { return "no such file or folder" }
        var status = stat()
        if stat(path, &status) != 0 && errno == ELOOP { return "a loop of symbolic links" }
        return "a symbolic link to nothing"
    }

    /// Folders reached through symbolic links are not entered (Foundation's
    /// enumerator does not follow them), so a link back up the tree is no loop.
    private static func walk(_ folder: String) -> [String] {
        let root = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        guard let enumerator = FileManager.default.enumerator(
            at: URL(fileURLWithPath: root), includingPropertiesForKeys: [.isRegularFileKey],
            options: [.skipsHiddenFiles]) else { return [] }
        var files: [String] = []
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            if name == ".build" || name.hasPrefix(".build-") || name == "node_modules" {
                enumerator.skipDescendants()
                continue
            }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            // Keep the user's spelling of the folder in front of the relative part.
            let relative = url.standardizedFileURL.path.dropFirst(rootURL.path.count)
            files.append(root + relative)
        }
        return files.sorted()
    }
}
