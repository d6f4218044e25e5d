import Foundation
import ModelLintIR
import Yams

/// Reads a `.modellint.yml` into a `Configuration`. The YAML is composed into
/// nodes (Yams keeps each node's line and column), the top level must be a
/// map, and each key is read by its entry in `ConfigurationKeys`. Every
/// problem found is reported, each at the key or value it is about, before
/// the file is refused as a whole.
public enum ConfigurationReader {
    /// Reads `file`; its `path` is used in messages and kept in the result.
    public static func read(_ file: SourceFile) throws(ConfigurationError) -> Configuration {
        var context = Context(file: file)
        guard let text = String(bytes: file.bytes, encoding: .utf8) else {
            throw ConfigurationError(problems: [.init(message: "the configuration is not UTF-8 text",
                                                      location: .startOf(file.path))])
        }
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(problems: [context.problem(for: error, in: text)])
        } catch {
            throw ConfigurationError(problems: [.init(message: "invalid YAML: \(error)", location: .startOf(file.path))])
        }
        var configuration = Configuration(path: file.path)
        guard let root, root.null == nil else { return configuration }    // an empty file sets nothing
        guard let mapping = root.mapping else {
            context.report("a configuration is a map of keys (\(knownKeys.joined(separator: ", "))), not \(describe(root))",
                           at: root)
            throw ConfigurationError(problems: context.problems)
        }
        for (keyNode, value) in mapping {
            guard let name = keyNode.scalar?.string else {
                context.report("a key is a plain word, not \(describe(keyNode))", at: keyNode)
                continue
            }
            guard let key = ConfigurationKeys.all.first(where: { $0.name == name }) else {
                let guess = EditDistance.nearest(to: name, among: knownKeys).map { "did you mean '\($0)'? " } ?? ""
                context.report("unknown key '\(name)'; \(guess)the known keys are \(knownKeys.joined(separator: ", "))",
                               at: keyNode)
                continue
            }
            key.read(value, &configuration, &context)
        }
        guard context.problems.isEmpty else { throw ConfigurationError(problems: context.problems) }
        return configuration
    }

    /// Reads YAML text as if it were the file at `path` (tests, `--config -` one day).
    public static func read(yaml: String, path: String) throws(ConfigurationError) -> Configuration {
        try read(SourceFile(path: path, text: yaml))
    }

    /// The top-level keys a configuration may have, in the order they are listed in messages.
    public static var knownKeys: [String] { ConfigurationKeys.all.map(\.name) }

    /// "a list", "a map", "'x'": what the user wrote, for messages.
    static func describe(_ node: Yams.Node) -> String {
        switch node {
        case .mapping: return "a map"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if node.null != nil { return "an empty value" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "'\(text)'"
        }
    }

    /// What a key reader needs: the file (to turn Yams' marks into locations)
    /// and the problems found so far.
    struct Context {
        let file: SourceFile
        private(set) var problems: [ConfigurationError.Problem] = []

        init(file: SourceFile) { self.file = file }

        /// Records a problem at `node`'s position.
        mutating func report(_ message: String, at node: Yams.Node) {
            problems.append(.init(message: message, location: location(of: node.mark)))
        }

        /// Yams counts columns in Unicode scalars from 1; a `SourceLocation` counts bytes.
        func location(of mark: Mark?) -> SourceLocation {
            guard let mark, mark.line >= 1 else { return .startOf(file.path) }
            guard let line = file.line(mark.line) else {
                return SourceLocation(file: file.path, line: mark.line, column: max(mark.column, 1))
            }
            let scalars = line.unicodeScalars
            let before = scalars.prefix(max(mark.column - 1, 0))
            let extra = max(mark.column - 1 - before.count, 0)    // past the end of the line
            let bytes = before.reduce(0) { $0 + String($1).utf8.count } + extra
            return SourceLocation(file: file.path, line: mark.line, column: bytes + 1)
        }

        /// A YAML syntax error, at the position libyaml gives.
        func problem(for error: YamlError, in text: String) -> ConfigurationError.Problem {
            switch error {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                var message = "invalid YAML: \(problem)"
                if let context {
                    message += ", \(context.text) at line \(context.mark.line), column \(context.mark.column)"
                }
                return .init(message: message, location: location(of: mark))
            case .duplicatedKeysInMapping(let duplicates, let context):
                let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                return .init(message: "\(names) \(duplicates.count == 1 ? "is" : "are") given more than once in the same map",
                             location: location(of: context.mark))
            case .reader(let problem, let offset, _, _):
                // Yams gives the offset in Characters.
                let index = offset.flatMap { text.index(text.startIndex, offsetBy: $0, limitedBy: text.endIndex) }
                return .init(message: "invalid YAML: \(problem)",
                             location: index.map { file.location(ofByte: text.utf8.distance(from: text.startIndex, to: $0)) }
                                 ?? .startOf(file.path))
            default:
                return .init(message: "invalid YAML: \(error)", location: .startOf(file.path))
            }
        }
    }
}
