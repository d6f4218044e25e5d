import ArgumentParser
import ModelLintRules

struct ListRules: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown
    }

    @Option(help: "text (one rule per line) or markdown (the README's rules table).")
    var format: Format = .text

    func run() {
        switch format {
        case .text: for row in RuleCatalog.textRows() { print(row) }
        case .markdown: print(RuleCatalog.markdownTable(), terminator: "")
        }
    }
}
