import Foundation

/// The folder SARIF URIs are relative to when `--base-dir` is not given.
/// GitHub code scanning places a result by its path from the repository
/// root, so that is the natural default; outside a repository, the current
/// folder.
enum RepositoryRoot {
    /// The nearest folder at or above `directory` holding `.git` (a folder, or
    /// the file a worktree or submodule has); nil when there is none.
    static func around(_ directory: String) -> String? {
        var folder = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) { return folder.path }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }
}
