import Foundation

/// A path pattern from a configuration (`exclude`, `per-file-ignores`):
/// `*` matches within one path component, `?` one character of a component,
/// `**` any number of whole components (`legacy/**`, `**/old_*.prototxt`).
/// Paths are relative to the configuration's folder, with `/` between
/// components. A pattern also matches every path under a folder it matches
/// (`legacy` covers `legacy/a/net.prototxt`), and a pattern without `/`
/// matches a file or folder of that name at any depth (`*.onnx`, `vendor`).
public struct PathGlob: Equatable, Sendable, CustomStringConvertible {
    public let pattern: String
    private let expression: String

    public init(_ pattern: String) {
        self.pattern = pattern
        var body = pattern.hasPrefix("./") ? String(pattern.dropFirst(2)) : pattern
        if body.hasPrefix("/") { body.removeFirst() }
        if !body.contains("/") { body = "**/" + body }
        if body.hasSuffix("/") { body.removeLast() }
        expression = "^" + Self.translate(body) + "(?:/.*)?$"
    }

    public var description: String { pattern }

    public static func == (a: PathGlob, b: PathGlob) -> Bool { a.pattern == b.pattern }

    /// Whether `relativePath` (no leading `./` or `/`) matches.
    public func matches(_ relativePath: String) -> Bool {
        relativePath.range(of: expression, options: .regularExpression) != nil
    }

    private static func translate(_ glob: String) -> String {
        var out = ""
        let characters = Array(glob)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "*" && index + 1 < characters.count && characters[index + 1] == "*" {
                let atStart = index == 0 || characters[index - 1] == "/"
                let slashAfter = index + 2 < characters.count && characters[index + 2] == "/"
                if atStart && slashAfter {
                    out += "(?:[^/]*/)*"    // `**/`: zero or more whole folders
                    index += 3
                } else {
                    out += ".*"
                    index += 2
                }
                continue
            }
            switch character {
            case "*": out += "[^/]*"
            case "?": out += "[^/]"
            default:
                let text = String(character)
                out += "\\^$.|+()[]{}".contains(character) ? "\\" + text : text
            }
            index += 1
        }
        return out
    }
}

/// Paths relative to a folder, for globs and baselines.
enum RelativePath {
    /// `path` (absolute or relative to `currentDirectory`) relative to the
    /// absolute `folder`: `a/b.prototxt`, or `../x/b.prototxt` outside it.
    static func of(_ path: String, from folder: String,
                   currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        let target = ConfigurationDiscovery.absolute(path, in: ConfigurationDiscovery.normalized(currentDirectory))
            .split(separator: "/")
        let base = ConfigurationDiscovery.normalized(folder).split(separator: "/")
        var common = 0
        while common < target.count && common < base.count && target[common] == base[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }
}
