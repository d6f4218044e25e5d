import ModelLintIR

/// Stages of a graph, found in its layer names: `enc1_conv1`, `enc1_bn1` and
/// `enc1_bn1_relu` share the prefix `enc1` (a stage), and `enc1_bn1` with
/// `enc1_bn1_relu` share `enc1_bn1` (a block inside it). Names are cut at
/// `_`, `/`, `.` and `:` (Caffe's `dec3_bn1`, ONNX's `/decoder/up3/Conv`).
///
/// A prefix is a group when at least two of the drawn nodes have it; a group
/// with exactly the members of the group around it, or with every node of
/// the graph, adds nothing and is dropped. A node's full name counts as a
/// prefix, so `enc1_bn1` belongs to the group `enc1_bn1` it names. Groups
/// nest; the outermost are level 1.
struct GraphGroups {
    /// For each node (by index in the nodes given), its groups from outermost to innermost.
    private(set) var paths: [Int: [String]] = [:]
    /// How many of the nodes each group holds.
    private(set) var sizes: [String: Int] = [:]

    static let separators: Set<Character> = ["_", "/", ".", ":"]

    init(names: [(index: Int, name: String)]) {
        var candidates: [Int: [String]] = [:]
        var counts: [String: Int] = [:]
        for (index, name) in names {
            let prefixes = Self.prefixes(of: name)
            candidates[index] = prefixes
            for prefix in prefixes { counts[prefix, default: 0] += 1 }
        }
        let total = names.count
        for (index, _) in names {
            var path: [String] = []
            var enclosing = total
            for prefix in candidates[index] ?? [] {
                let count = counts[prefix] ?? 0
                // Two members at least, and fewer than the group around it.
                guard count >= 2, count < enclosing else { continue }
                path.append(prefix)
                enclosing = count
            }
            paths[index] = path
            for group in path { sizes[group] = counts[group] }
        }
    }

    /// `enc1_bn1_relu` -> `enc1`, `enc1_bn1`, `enc1_bn1_relu`: each prefix that
    /// ends before a separator, then the whole name; none empty or made only
    /// of separators.
    static func prefixes(of name: String) -> [String] {
        var result: [String] = []
        var current = ""
        var sawContent = false
        for character in name {
            if separators.contains(character), sawContent, !result.contains(current) {
                result.append(current)
            }
            current.append(character)
            if !separators.contains(character) { sawContent = true }
        }
        if sawContent, !result.contains(current) { result.append(current) }
        return result
    }
}
