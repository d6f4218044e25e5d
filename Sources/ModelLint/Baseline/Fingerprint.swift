import Foundation
import ModelLintIR

/// What identifies a finding across edits of its file: the rule, the file
/// (relative to the baseline's folder), the node, and a hash of the finding's
/// source line with its blanks trimmed — never the line number, so a finding
/// keeps its fingerprint when lines are inserted above it.
public struct Fingerprint: Hashable, Comparable, Sendable {
    public var rule: String
    public var path: String
    public var node: String
    public var lineHash: String

    public init(rule: String, path: String, node: String, lineHash: String) {
        self.rule = rule
        self.path = path
        self.node = node
        self.lineHash = lineHash
    }

    /// The fingerprint of `finding`, whose file is quoted from `sources` (a
    /// binary model has no source: its line hash is that of an empty line).
    public init(_ finding: Finding, sources: [String: SourceFile], baselineFolder: String) {
        let line = sources[finding.location.file]?.line(finding.location.line) ?? ""
        self.init(rule: finding.ruleCode, path: RelativePath.of(finding.location.file, from: baselineFolder),
                  node: finding.nodeName ?? "", lineHash: Self.hash(line.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// 64-bit FNV-1a of the UTF-8 text, as 16 hex digits: stable across
    /// runs, platforms and Swift versions (unlike `Hasher`).
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func < (a: Fingerprint, b: Fingerprint) -> Bool {
        (a.path, a.rule, a.node, a.lineHash) < (b.path, b.rule, b.node, b.lineHash)
    }
}
