import Foundation
import ModelLintIR
import ModelLintRules
@testable import ModelLint

/// How often modellint's verdict on a file (an error from one of `rules`, or
/// a file it cannot read) matches an oracle's (accept or reject), per category,
/// over a `verdicts.tsv` of rows `file category accept|reject message`.
enum OracleAgreement {
    static func measure(verdicts: URL, oracle: String, rules: Set<String>)
        throws -> (agreement: [String: (agree: Int, total: Int)], disagreements: [String]) {
        let table = try String(contentsOf: verdicts, encoding: .utf8)
        let linter = Linter(rules: RuleRegistry.all, configuration: .none)
        var agreement: [String: (agree: Int, total: Int)] = [:]
        var disagreements: [String] = []
        for row in table.split(separator: "\n") {
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 3 else { continue }
            let (path, category, verdict) = (columns[0], columns[1], columns[2])
            let report = linter.lint(paths: [path])
            let errors = report.findings.filter { $0.severity == .error && rules.contains($0.ruleCode) }.map(\.message)
                + report.diagnostics.filter { $0.severity == .error }.map(\.message)
            agreement[category, default: (0, 0)].total += 1
            if !errors.isEmpty == (verdict == "reject") {
                agreement[category]!.agree += 1
            } else {
                disagreements.append("\(category) \((path as NSString).lastPathComponent): \(oracle) \(verdict) "
                                     + "\(columns.count > 3 ? columns[3] : ""); modellint \(errors.first ?? "no error")")
            }
        }
        for (category, counts) in agreement.sorted(by: { $0.key < $1.key }) {
            print("\(oracle) agreement \(category): \(counts.agree)/\(counts.total)")
        }
        return (agreement, disagreements)
    }
}
