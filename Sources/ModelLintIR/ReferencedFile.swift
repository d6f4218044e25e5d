#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that decides whether a file a model *refers to* may be read:
/// ONNX external data, the nets a Caffe solver names, anything later.
///
/// modellint runs in CI on models from pull requests, and its reports leave
/// the machine; a model that could name `../../etc/passwd` (or a symbolic
/// link to it) would have modellint read that file into its intervals and
/// error messages: the defect behind onnx's CVE-2022-25882 and CVE-2024-27318.
/// So a reference is read only when it is a relative path that stays inside
/// its boundary (the model's folder, the solver's repository) with every
/// symbolic link resolved.
///
/// The path is walked one component at a time, like `openat2`'s
/// `RESOLVE_BENEATH`: only what lies inside the boundary is ever looked at,
/// and a link is followed by reading it, never by asking the system to
/// resolve it. A reference leading outside is therefore refused the same way
/// whether or not anything exists where it leads: the answer says nothing
/// about files outside.
public enum ReferencedFile {
    public enum Resolution: Equatable, Sendable {
        /// Inside the boundary: open this path, which holds no symbolic link,
        /// so what was checked is what is read.
        case inside(String)
        /// Nothing there; the path stays inside the boundary.
        case missing
        /// Not to be read; the reason reads after the reference, as its
        /// predicate ("'../x' leads out of the model's folder with '..'").
        case refused(String)
    }

    /// More links than this in one path is a loop (Linux's own limit is 40).
    static let maximumLinks = 40

    /// Resolves `reference`, relative to `folder`, inside `boundary`;
    /// `folder` is `boundary` or a folder inside it. `boundaryName` says
    /// what the boundary is in a refusal ("the model's folder").
    public static func resolve(_ reference: String, from folder: String, within boundary: String,
                               boundaryName: String) -> Resolution {
        if reference.isEmpty { return .refused("is an empty path") }
        if reference.utf8.contains(0) { return .refused("holds a NUL character, which no file name can") }
        if reference.hasPrefix("/") {
            return .refused("is an absolute path, where only paths relative to \(boundaryName) are read")
        }
        guard let root = realPath(boundary) else { return .refused("cannot be looked up, as \(boundaryName) cannot be resolved") }
        guard let start = realPath(folder), let below = components(of: start, below: root) else {
            return .refused("cannot be looked up, as the folder it is relative to is not inside \(boundaryName)")
        }
        // Components still to walk, the next one last.
        var pending = Array((below + components(reference)).reversed())
        var resolved: [String] = []
        var links = 0
        var lastLink: String?
        while let component = pending.popLast() {
            switch component {
            case "", ".":
                continue
            case "..":
                guard !resolved.isEmpty else {
                    return .refused(lastLink.map { "leads out of \(boundaryName) through the symbolic link '\($0)'" }
                                    ?? "leads out of \(boundaryName) with '..'")
                }
                resolved.removeLast()
                continue
            default:
                break
            }
            let path = join(root, resolved + [component])
            var status = stat()
            guard lstat(path, &status) == 0 else {
                // Nothing there, or a component that is not a folder: either way
                // nothing to read, and the place looked at was inside.
                return .missing
            }
            guard status.st_mode & S_IFMT == S_IFLNK else {
                resolved.append(component)
                continue
            }
            links += 1
            guard links <= maximumLinks, let target = readLink(path) else {
                return .refused("goes through more than \(maximumLinks) symbolic links, or one that cannot be read")
            }
            lastLink = (resolved + [component]).joined(separator: "/")
            if target.hasPrefix("/") {
                // An absolute link is followed only when it points back inside.
                guard let inside = components(of: normalized(target), below: root) else {
                    return .refused("leads out of \(boundaryName) through the symbolic link '\(lastLink!)'")
                }
                resolved = []
                pending.append(contentsOf: inside.reversed())
            } else {
                pending.append(contentsOf: components(target).reversed())
            }
        }
        return .inside(join(root, resolved))
    }

    /// The nearest folder at or above `directory` holding `.git` (a folder,
    /// or the file a worktree or submodule has); nil when there is none.
    public static func repositoryRoot(around directory: String) -> String? {
        var folder = absolute(directory)
        while true {
            var status = stat()
            if lstat(join(folder, [".git"]), &status) == 0 { return folder }
            guard folder != "/" else { return nil }
            folder = parent(of: folder)
        }
    }

    /// `path` made absolute against the current folder, with `.` and `..`
    /// taken out lexically (links are not resolved).
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalized(path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return normalized("/" + path) }
        return normalized(join(String(cString: buffer), components(path)))
    }

    /// The folder that holds `path` ("/" for "/x").
    public static func parent(of path: String) -> String {
        let parts = components(path)
        return parts.isEmpty ? "/" : join("/", Array(parts.dropLast()))
    }

    /// Whether `path` is `folder` or lies under it (both as `absolute` gives them).
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        components(of: path, below: folder) != nil
    }

    // MARK: - Paths as components

    static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// An absolute path with `.` and `..` taken out lexically.
    static func normalized(_ path: String) -> String {
        var parts: [String] = []
        for part in components(path) where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return join("/", parts)
    }

    /// `path`'s components after those of `folder`, nil when it is not under it.
    static func components(of path: String, below folder: String) -> [String]? {
        let (inner, outer) = (components(path), components(folder))
        guard inner.starts(with: outer) else { return nil }
        return Array(inner.dropFirst(outer.count))
    }

    static func join(_ root: String, _ parts: [String]) -> String {
        guard !parts.isEmpty else { return root }
        return (root.hasSuffix("/") ? root : root + "/") + parts.joined(separator: "/")
    }

    /// `path` with every link resolved, nil when it cannot be.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
