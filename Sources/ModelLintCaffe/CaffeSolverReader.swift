import Foundation
import ModelLintIR

/// Reads a Caffe `SolverParameter`: the training settings, and the net(s) it
/// trains, from `net:`/`train_net:`/`test_net:` paths or inline `net_param`.
struct CaffeSolverReader {
    let solver: TextMessage
    let source: SourceFile

    struct Result {
        var graphs: [Graph] = []
        var diagnostics: [Diagnostic] = []
        var netSources: [SourceFile] = []
    }

    func read() throws -> Result {
        let training = try trainingConfig()
        var result = Result()
        var nets: [(graphs: [Graph], phases: [Phase]?)] = []

        // Inline nets first, then nets by path, as Caffe's Solver::InitTrainNet does.
        if let inline = try solver.message("net_param") {
            nets.append((try CaffeNetReader(net: inline, source: source).graphs(), nil))
        }
        if let inline = try solver.message("train_net_param") {
            nets.append((try CaffeNetReader(net: inline, source: source).graphs(phases: [.train]), [.train]))
        }
        for inline in try solver.messages("test_net_param") {
            nets.append((try CaffeNetReader(net: inline, source: source).graphs(phases: [.test]), [.test]))
        }
        for (fieldName, phases) in [("net", nil), ("train_net", [Phase.train]), ("test_net", [Phase.test])] as [(String, [Phase]?)] {
            for field in solver.fields(named: fieldName) {
                let path = try field.string()
                let netFile: SourceFile
                switch Self.resolve(path, from: source.path) {
                case .found(let file):
                    netFile = file
                case .notFound:
                    result.diagnostics.append(Diagnostic(
                        severity: .note,
                        message: "net '\(path)' was not found next to the solver or in the folders above it; only the solver's settings were checked",
                        location: field.location))
                    continue
                case .refused(let reason):
                    // The solver's settings are still checked; the error makes the run exit 2.
                    result.diagnostics.append(Diagnostic(severity: .error, message: "net '\(path)' \(reason)", location: field.location))
                    continue
                }
                let net = try TextFormatParser.parse(netFile)
                if case .solver = CaffeDocumentKind.classify(net) {
                    // Reading it as a net would lint nothing, and following its own nets could go round in a circle.
                    result.diagnostics.append(Diagnostic(
                        severity: .error, message: "net '\(path)' is a solver, not a net; only the solver's settings were checked",
                        location: field.location))
                    continue
                }
                result.netSources.append(netFile)
                nets.append((try CaffeNetReader(net: net, source: netFile).graphs(phases: phases ?? [.train, .test]), phases))
            }
        }

        for (graphs, _) in nets {
            for var graph in graphs {
                graph.training = merged(training, withNetSettings: graph.training)
                result.graphs.append(graph)
            }
        }
        if result.graphs.isEmpty {
            // No net to attach the settings to: a graph with no nodes still carries them to the rules.
            result.graphs.append(Graph(name: CaffeNetReader.baseName(source.path), training: training, source: source))
        }
        return result
    }

    private func merged(_ solverSettings: TrainingConfig, withNetSettings net: TrainingConfig?) -> TrainingConfig {
        var config = solverSettings
        if let net {
            config.batchSize.merge(net.batchSize) { solver, _ in solver }
            config.shuffle = config.shuffle ?? net.shuffle
        }
        return config
    }

    private func trainingConfig() throws -> TrainingConfig {
        var config = TrainingConfig(sourcePath: source.path)
        func note(_ field: TrainingConfig.Field, _ name: String) {
            if let location = solver.field(named: name)?.location { config.fieldLocations[field] = location }
        }
        // `type: "Adam"` (string) is current; `solver_type: ADAM` (enum) is the older spelling.
        if let type = try solver.string("type") {
            config.optimizer = type
            note(.optimizer, "type")
        } else if let legacy = try solver.enumValue("solver_type") {
            config.optimizer = Self.legacySolverTypes[legacy] ?? legacy
            note(.optimizer, "solver_type")
        } else {
            config.optimizer = "SGD"
        }
        config.baseLearningRate = try solver.double("base_lr")
        note(.baseLearningRate, "base_lr")
        config.momentum = try solver.double("momentum")
        note(.momentum, "momentum")
        config.weightDecay = try solver.double("weight_decay")
        note(.weightDecay, "weight_decay")
        let clip = try solver.double("clip_gradients") ?? -1
        config.gradientClipping = clip >= 0 ? clip : nil
        note(.gradientClipping, "clip_gradients")
        config.maxIterations = try solver.int("max_iter")
        note(.maxIterations, "max_iter")
        config.schedule = try schedule(maxIterations: config.maxIterations)
        note(.schedule, "lr_policy")
        note(.gamma, "gamma")
        note(.power, "power")
        return config
    }

    private func schedule(maxIterations: Int?) throws -> LearningRateSchedule {
        let gamma = try solver.double("gamma")
        let power = try solver.double("power")
        let stepSize = try solver.int("stepsize")
        switch try solver.string("lr_policy") ?? "fixed" {
        case "fixed": return .fixed
        case "step": return .step(gamma: gamma ?? 1, stepSize: stepSize ?? 0)
        case "multistep": return .multiStep(gamma: gamma ?? 1, steps: try solver.ints("stepvalue"))
        case "exp": return .exponential(gamma: gamma ?? 1)
        case "inv": return .inverse(gamma: gamma ?? 0, power: power ?? 0)
        case "poly": return .polynomial(power: power ?? 0, maxIterations: maxIterations)
        case "sigmoid": return .sigmoid(gamma: gamma ?? 0, stepSize: stepSize ?? 0)
        case "cosine": return .cosine(maxIterations: maxIterations)
        case let other: return .other(other)
        }
    }

    static let legacySolverTypes = [
        "SGD": "SGD", "0": "SGD", "NESTEROV": "Nesterov", "1": "Nesterov", "ADAGRAD": "AdaGrad", "2": "AdaGrad",
        "RMSPROP": "RMSProp", "3": "RMSProp", "ADADELTA": "AdaDelta", "4": "AdaDelta", "ADAM": "Adam", "5": "Adam",
    ]

    enum Resolution {
        case found(SourceFile)
        case notFound
        /// There, but not a net that can be read: the solver itself, a folder, a pipe, too large.
        case refused(String)
    }

    /// Caffe resolves net paths against the directory it runs in, usually the
    /// Caffe root; the solver's own folder and then each folder above it is the
    /// best guess at that.
    static func resolve(_ path: String, from solverPath: String) -> Resolution {
        var candidates: [String] = []
        if path.hasPrefix("/") {
            candidates = [path]
        } else {
            var folder = URL(fileURLWithPath: solverPath).deletingLastPathComponent().standardizedFileURL
            while true {
                candidates.append(folder.appendingPathComponent(path).path)
                let parent = folder.deletingLastPathComponent().standardizedFileURL
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        guard let candidate = candidates.first(where: InputFile.isPresent) else { return .notFound }
        if let solver = realPath(solverPath), realPath(candidate) == solver {
            return .refused("is the solver itself; only the solver's settings were checked")
        }
        do {
            let bytes = try InputFile.bytes(of: candidate, maximumBytes: InputLimits.maximumModelFileBytes, kind: "Caffe nets")
            return .found(SourceFile(path: Self.displayPath(candidate), bytes: bytes))
        } catch {
            return .refused("cannot be read: \(error.message); only the solver's settings were checked")
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Paths under the working directory are shown relative to it, as the user would type them.
    static func displayPath(_ absolute: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }
}
