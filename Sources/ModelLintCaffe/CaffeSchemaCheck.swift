import ModelLintIR

/// What Caffe refuses before it trains: a field its `caffe.proto` does not
/// have (its text-format parser stops there), an enum value it does not
/// define, and a layer without the parameters its setup CHECKs. The fields
/// come from BVLC's caffe.proto (`Generated/CaffeFieldTable.swift`, written
/// by `Generated/generate_fields.py`).
struct CaffeSchemaCheck {
    /// Message name -> field name -> kind.
    enum FieldKind: Equatable {
        case message(String)
        case enumeration(Set<String>)
        case scalar
    }

    static let messages: [String: [String: FieldKind]] = {
        var messages: [String: [String: FieldKind]] = [:]
        var current = ""
        for line in CaffeFieldTable.text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            if parts.count == 2, parts[0] == "M" { current = parts[1]; messages[current] = [:]; continue }
            guard parts.count == 3, parts[0] == "F" else { continue }
            let kind: FieldKind
            if parts[2].hasPrefix("message:") {
                kind = .message(String(parts[2].dropFirst("message:".count)))
            } else if parts[2].hasPrefix("enum:") {
                kind = .enumeration(Set(parts[2].dropFirst("enum:".count).split(separator: ",").map(String.init)))
            } else {
                kind = .scalar
            }
            messages[current]?[parts[1]] = kind
        }
        return messages
    }()

    var violations: [SchemaViolation] = []
    /// Templates hold placeholders where values belong: enum values are not judged there.
    let isTemplate: Bool

    /// Checks a whole document read as `root` (`NetParameter`, `SolverParameter`).
    static func check(_ document: TextMessage, as root: String, isTemplate: Bool) -> [SchemaViolation] {
        var check = CaffeSchemaCheck(isTemplate: isTemplate)
        check.walk(document, as: root)
        return check.violations
    }

    private mutating func walk(_ message: TextMessage, as type: String) {
        guard let fields = Self.messages[type] else { return }
        message.forEachField { field in
            let name = field.name
            guard let kind = fields[name] else {
                // Forks (SSD, R-FCN, ...) add their layers' parameter blocks to
                // LayerParameter; the layer type is then unknown to modellint too (ML003).
                if type == "LayerParameter" || type == "V1LayerParameter", name.hasSuffix("_param"), case .message = field.value { return }
                unknownField(name, in: type, known: fields.keys, at: field.location)
                return
            }
            switch (kind, field.value) {
            case (.message(let nested), .message(let value)):
                walk(value, as: nested)
                if nested == "LayerParameter" || nested == "V1LayerParameter" {
                    checkSetup(value, v1: nested == "V1LayerParameter")
                    checkParameterBlocks(value, as: nested)
                }
            case (.enumeration(let values), .scalar(let scalar)):
                guard !isTemplate, case .identifier(let word) = scalar.kind, !values.contains(word) else { return }
                // As for fields: near a value, a typo (an error); far from all, a fork's value (a note).
                let guess = Self.nearest(word, among: values)
                violations.append(SchemaViolation(
                    kind: .operatorUse,
                    message: guess.map { "\(name) has no value '\(word)' in caffe.proto; did you mean '\($0)'?" }
                        ?? "\(name) has no value '\(word)' in BVLC's caffe.proto: a fork's value? Caffe without that fork stops here",
                    location: scalar.location, fix: guess.map { "Write \(name): \($0)." }, severity: guess == nil ? .note : nil))
            default:
                return
            }
        }
    }

    /// A name close to a field of the message is a typo: an error, with the
    /// field meant. One far from every field is most likely a fork's own
    /// (SegNet's `bn_mode`, TSN's `modality`): a note, since that fork's
    /// caffe.proto accepts it and modellint does not have it.
    private mutating func unknownField(_ name: String, in type: String, known: Dictionary<String, FieldKind>.Keys, at location: SourceLocation) {
        if let guess = Self.nearest(name, among: Set(known)) {
            violations.append(SchemaViolation(
                kind: .operatorUse, message: "\(type) has no field '\(name)' in caffe.proto; did you mean '\(guess)'? Caffe's parser stops here",
                location: location, fix: "Rename the field to '\(guess)'."))
        } else {
            violations.append(SchemaViolation(
                kind: .operatorUse,
                message: "\(type) has no field '\(name)' in BVLC's caffe.proto: a fork's field? Caffe without that fork stops here",
                location: location, fix: "Nothing, if your Caffe fork defines the field; otherwise remove it.", severity: .note))
        }
    }

    /// The parameters a layer's setup CHECKs: a convolution's and an inner
    /// product's `num_output`, a convolution's and a pooling's kernel size
    /// (unless the pooling is global).
    private mutating func checkSetup(_ layer: TextMessage, v1: Bool) {
        guard let type = layer.field(named: "type"), case .scalar(let scalar) = type.value else { return }
        let written: String = switch scalar.kind {
        case .string(let text), .identifier(let text), .number(let text): text
        }
        let kind = written.uppercased().replacingOccurrences(of: "_", with: "")
        let block: String, needsOutputs: Bool, needsKernel: Bool
        switch kind {
        case "CONVOLUTION", "DECONVOLUTION": (block, needsOutputs, needsKernel) = ("convolution_param", true, true)
        case "INNERPRODUCT": (block, needsOutputs, needsKernel) = ("inner_product_param", true, false)
        case "POOLING": (block, needsOutputs, needsKernel) = ("pooling_param", false, true)
        default: return
        }
        let parameters: TextMessage? = if case .message(let value)? = layer.field(named: block)?.value { value } else { nil }
        func has(_ name: String) -> Bool { parameters?.has(name) ?? false }
        let layerName = (layer.field(named: "name")).flatMap { field -> String? in
            if case .scalar(let s) = field.value, case .string(let text) = s.kind { return text }
            return nil
        } ?? "?"
        if needsOutputs, !has("num_output") {
            violations.append(SchemaViolation(kind: .operatorUse, message: "\(written) layer '\(layerName)' has no \(block).num_output: Caffe's setup CHECKs it",
                                              location: type.location, fix: "Set num_output in \(block)."))
        }
        if needsKernel, !has("kernel_size"), !(has("kernel_h") && has("kernel_w")), !(block == "pooling_param" && has("global_pooling")) {
            violations.append(SchemaViolation(kind: .operatorUse, message: "\(written) layer '\(layerName)' has no kernel size (kernel_size, or kernel_h and kernel_w): Caffe's setup CHECKs it",
                                              location: type.location, fix: "Set kernel_size in \(block)."))
        }
    }

    /// Parameter blocks any layer may carry, whatever its type.
    static let sharedBlocks: Set<String> = ["transform_param", "loss_param"]
    /// Layer types that read other types' blocks (normalized: lower case, no underscores).
    static let borrowedBlocks: [String: Set<String>] = [
        "deconvolution": ["convolution"], "im2col": ["convolution"], "softmaxwithloss": ["softmax"], "softmaxloss": ["softmax"],
        "lstm": ["recurrent"], "rnn": ["recurrent"],
        // SSD's AnnotatedData reads the database settings of Data.
        "annotateddata": ["annotateddata", "data"],
    ]

    /// A block meant for another layer type (`convolution_param` on a ReLU):
    /// Caffe ignores it, so the settings written there do nothing. Judged
    /// only for types that have a block of their own in caffe.proto.
    private mutating func checkParameterBlocks(_ layer: TextMessage, as type: String) {
        guard let fields = Self.messages[type], let typeField = layer.field(named: "type"),
              case .scalar(let scalar) = typeField.value else { return }
        let written: String = switch scalar.kind {
        case .string(let text), .identifier(let text), .number(let text): text
        }
        let normalize = { (text: String) in text.lowercased().replacingOccurrences(of: "_", with: "") }
        let layerType = normalize(written)
        let blocks = fields.keys.filter { $0.hasSuffix("_param") && !Self.sharedBlocks.contains($0) }
        let own = Self.borrowedBlocks[layerType] ?? [layerType]
        guard blocks.contains(where: { own.contains(normalize(String($0.dropLast("_param".count)))) }) else { return }
        layer.forEachField { field in
            let name = field.name
            guard blocks.contains(name), !own.contains(normalize(String(name.dropLast("_param".count)))) else { return }
            violations.append(SchemaViolation(
                kind: .operatorUse, message: "\(name) on a \(written) layer: Caffe reads it only for its own layer type, so its settings do nothing here",
                location: field.location, fix: "Move the settings to the layer they are meant for, or remove the block.", severity: .warning))
        }
    }

    static func nearest(_ word: String, among names: Set<String>) -> String? {
        let scored = names.map { ($0, EditDistance.between($0.lowercased(), word.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        return best.1 <= Swift.max(2, word.count / 3) ? best.0 : nil
    }
}
