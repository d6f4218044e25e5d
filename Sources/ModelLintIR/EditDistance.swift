/// Levenshtein distance, for "did you mean" in messages about a misspelt
/// rule code, configuration key or DSL layer.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The candidate nearest to `word` (ignoring case; the first of equals),
    /// when it is near enough to be a typo: at most max(2, a third of the
    /// word's length) edits. The one "did you mean" of rule names, operators,
    /// attributes, Caffe fields and input names.
    public static func nearest(to word: String, among candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = between(lowered, candidate.lowercased())
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        guard let best, best.distance <= Swift.max(2, lowered.count / 3) else { return nil }
        return best.candidate
    }
}
