import Foundation
import ModelLintIR

/// Reads a Caffe `SolverParameter`: the training settings, and the net(s) it
/// trains, from `net:`/`train_net:`/`test_net:` paths or inline `net_param`.
struct CaffeSolverReader {
    let solver: TextMessage
    let source: SourceFile
    /// `--base-dir`: the folder the nets a solver names must lie in; nil: the
    /// repository that holds the solver (see `boundary(ofSolverAt:baseDirectory:)`).
    var baseDirectory: String? = nil

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
                switch Self.resolve(path, from: source.path, baseDirectory: baseDirectory) {
                case .found(let file):
                    netFile = file
                case .notFound(let boundary):
                    result.diagnostics.append(Diagnostic(
                        severity: .note,
                        message: "net '\(path)' was not found next to the solver or in the folders above it, up to \(boundary); only the solver's settings were checked",
                        location: field.location))
                    continue
                case .outside(let reason):
                    result.diagnostics.append(Diagnostic(
                        severity: .note, message: "net '\(path)' is not read: the path \(reason); only the solver's settings were checked",
                        location: field.location))
                    continue
                case .refused(let reason):
                    // The solver's settings are still checked; the error makes the run exit 2.
                    result.diagnostics.append(Diagnostic(severity: .error, message: "net '\(path)' \(reason)", location: field.location))
                    continue
                }
                let net: TextMessage
                let graphs: [Graph]
                do {
                    net = try TextFormatParser.parse(netFile)
                    if case .solver = CaffeDocumentKind.classify(net) {
                        // Reading it as a net would lint nothing, and following its own nets could go round in a circle.
                        result.diagnostics.append(Diagnostic(
                            severity: .error, message: "net '\(path)' is a solver, not a net; only the solver's settings were checked",
                            location: field.location))
                        continue
                    }
                    graphs = try CaffeNetReader(net: net, source: netFile).graphs(phases: phases ?? [.train, .test])
                } catch let error as LocatedError {
                    // Told at the reference, by position only: the message of a
                    // parse error quotes the file's tokens, and the solver is what was asked for.
                    result.diagnostics.append(Diagnostic(
                        severity: .error,
                        message: "net '\(path)' is not a readable Caffe net (the problem is at its line \(error.location.line), column \(error.location.column); lint it on its own to see it); only the solver's settings were checked",
                        location: field.location))
                    continue
                }
                result.netSources.append(netFile)
                nets.append((graphs, phases))
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
        /// Not inside the boundary, which this names.
        case notFound(String)
        /// Not looked for: the path leads outside the boundary (why).
        case outside(String)
        /// There, but not a net that can be read: the solver itself, a folder, a pipe, too large.
        case refused(String)
    }

    /// Caffe resolves net paths against the folder it runs in, usually the
    /// Caffe root; the solver's own folder and then each folder above it is
    /// the best guess at that. The search stops at the boundary, and every
    /// candidate must resolve inside it (`ReferencedFile`): a solver from a
    /// pull request must not make modellint read files outside the repository.
    static func resolve(_ path: String, from solverPath: String, baseDirectory: String? = nil) -> Resolution {
        let solver = ReferencedFile.absolute(solverPath)
        let (boundary, boundaryName) = Self.boundary(ofSolverAt: solver, baseDirectory: baseDirectory)
        var folder = ReferencedFile.parent(of: solver)
        // The first folder where the path is not simply missing decides, as
        // the first match decides what Caffe would read.
        while true {
            switch ReferencedFile.resolve(path, from: folder, within: boundary, boundaryName: boundaryName) {
            case .inside(let candidate):
                return read(candidate, solver: solver)
            case .refused(let reason):
                return .outside(reason)
            case .missing:
                break
            }
            guard folder != boundary, folder != "/", ReferencedFile.isInside(ReferencedFile.parent(of: folder), boundary) else { break }
            folder = ReferencedFile.parent(of: folder)
        }
        return .notFound(boundaryName)
    }

    /// The folder a solver's nets must lie in, and its name for messages:
    /// `--base-dir`; else the git repository that holds the solver; else the
    /// current folder, when the solver is inside it (Caffe runs from there);
    /// else the solver's own folder.
    static func boundary(ofSolverAt solver: String, baseDirectory: String?) -> (path: String, name: String) {
        let solverFolder = ReferencedFile.parent(of: solver)
        if let baseDirectory {
            return (ReferencedFile.absolute(baseDirectory), "the --base-dir folder")
        }
        if let repository = ReferencedFile.repositoryRoot(around: solverFolder) {
            return (repository, "the repository that holds the solver")
        }
        let current = ReferencedFile.absolute(".")
        if ReferencedFile.isInside(solverFolder, current) {
            return (current, "the current folder")
        }
        return (solverFolder, "the solver's folder")
    }

    private static func read(_ candidate: String, solver: String) -> Resolution {
        // `candidate` has its links resolved already.
        if ReferencedFile.realPath(solver) == candidate {
            return .refused("is the solver itself; only the solver's settings were checked")
        }
        do {
            let bytes = try InputFile.bytes(of: candidate, maximumBytes: InputLimits.maximumModelFileBytes, kind: "Caffe nets")
            return .found(SourceFile(path: Self.displayPath(candidate), bytes: bytes))
        } catch {
            return .refused("cannot be read: \(error.message); only the solver's settings were checked")
        }
    }

    /// Paths under the working directory are shown relative to it, as the user would type them.
    static func displayPath(_ absolute: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }
}
