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

    /// BVLC's messages with the fields and enum values that forks add
    /// (`Generated/CaffeForkFieldTable.swift`): a fork's field is read like
    /// any other, and noted once as a fork's (`forkSources`).
    static let messages: [String: [String: FieldKind]] = tables.messages

    /// `Message.field` (or `Message.field=VALUE`) that only forks define -> the
    /// first source whose fork proto has it.
    static let forkSources: [String: String] = tables.forkSources

    /// Both tables read once: BVLC's, then the forks' additions merged in.
    private static let tables: (messages: [String: [String: FieldKind]], forkSources: [String: String]) = {
        var messages = parse(CaffeFieldTable.text).messages
        let bvlc = messages
        let forks = parse(CaffeForkFieldTable.text)
        var sources: [String: String] = [:]
        for (message, fields) in forks.messages {
            for (field, kind) in fields {
                let key = message + "." + field
                if case .enumeration(let extra) = kind, case .enumeration(let values)? = bvlc[message]?[field] {
                    messages[message]?[field] = .enumeration(values.union(extra))
                    for value in extra { sources[key + "=" + value] = forks.sources[message + " " + field] }
                } else if bvlc[message]?[field] == nil {
                    messages[message, default: [:]][field] = kind
                    sources[key] = forks.sources[message + " " + field]
                }
            }
        }
        return (messages, sources)
    }()

    /// Reads a field table: `S source` lines (forks only), `M message`, `F field kind`;
    /// `sources` maps "message field" to the source it was listed under.
    static func parse(_ text: String) -> (messages: [String: [String: FieldKind]], sources: [String: String]) {
        var messages: [String: [String: FieldKind]] = [:]
        var sources: [String: String] = [:]
        var current = "", source = ""
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
            if parts.first == "S" { source = line.split(separator: " ", maxSplits: 1).dropFirst().joined(); continue }
            if parts.count == 2, parts[0] == "M" {
                current = parts[1]
                if messages[current] == nil { messages[current] = [:] }
                continue
            }
            guard parts.count == 3, parts[0] == "F" else { continue }
            let kind: FieldKind
            if parts[2].hasPrefix("message:") {
                kind = .message(String(parts[2].dropFirst("message:".count)))
            } else if parts[2].hasPrefix("enum:") {
                kind = .enumeration(Set(parts[2].dropFirst("enum:".count).split(separator: ",").map(String.init)))
            } else {
                kind = .scalar
            }
            switch (messages[current]?[parts[1]], kind) {
            case (nil, _):
                messages[current]?[parts[1]] = kind
                if !source.isEmpty { sources[current + " " + parts[1]] = source }
            case (.enumeration(let values)?, .enumeration(let more)):
                messages[current]?[parts[1]] = .enumeration(values.union(more))
            default:
                break
            }
        }
        return (messages, sources)
    }

    var violations: [SchemaViolation] = []
    /// Templates hold placeholders where values belong: enum values are not judged there.
    let isTemplate: Bool
    /// Per message type, what each field name of the document (by the number
    /// the parser gave it) is: a net repeats a few dozen names thousands of
    /// times, and hashing each spelling again cost more than reading the net.
    private var resolved = [[Int32: Resolved?]](repeating: [:], count: messageIndex.count)

    /// A field name of a message, resolved once per document: its kind, the
    /// fork source when only forks define it, the enum values only forks
    /// define (value -> source), the layer type a parameter block is for,
    /// and a nested message's place in `resolved`.
    private struct Resolved {
        let kind: FieldKind
        let forkSource: String?
        let forkValues: [String: String]
        let block: String?
        let nestedIndex: Int?
    }

    /// Per layer type as written, the blocks it reads (`blocksRead`); per
    /// unknown field of a message, the field it may be a typo of.
    private var blocksByType: [String: (written: String, reads: Set<String>)?] = [:]
    private var guesses: [String: String?] = [:]
    /// Per layer type as written, whether BVLC Caffe lacks it (a fork's type).
    private var forkTypes: [String: Bool] = [:]
    /// The fork fields and values already noted in this document: one note each
    /// (a SegNet net repeats `bn_mode` in every one of its 26 BN layers).
    private var notedForkNames: Set<String> = []
    /// Per fork source, its note in `violations` and the names it lists.
    private var forkNotes: [String: (index: Int, names: [String])] = [:]

    /// Each message's place in `resolved` and `fieldsByIndex`.
    static let messageIndex: [String: Int] = Dictionary(uniqueKeysWithValues: messages.keys.sorted().enumerated().map { ($1, $0) })
    /// Each message's fields, by its place.
    static let fieldsByIndex: [[String: FieldKind]] = messages.keys.sorted().map { messages[$0] ?? [:] }

    /// Checks a whole document read as `root` (`NetParameter`, `SolverParameter`).
    static func check(_ document: TextMessage, as root: String, isTemplate: Bool) -> [SchemaViolation] {
        var check = CaffeSchemaCheck(isTemplate: isTemplate)
        guard let index = messageIndex[root] else { return [] }
        check.walk(document, as: root, index: index)
        return check.violations
    }

    /// What `field` is in message `type`, through the per-document cache.
    private mutating func resolve(_ field: TextField, in index: Int, type: String, fields: [String: FieldKind]) -> Resolved? {
        let number = field.document.records[field.record].nameNumber
        if let cached = resolved[index][number] { return cached }
        let name = field.name
        let resolution = fields[name].map { kind -> Resolved in
            var forkValues: [String: String] = [:]
            var nestedIndex: Int?
            switch kind {
            case .enumeration(let values):
                for value in values { if let source = Self.forkSources[type + "." + name + "=" + value] { forkValues[value] = source } }
            case .message(let nested):
                nestedIndex = Self.messageIndex[nested]
            case .scalar:
                break
            }
            return Resolved(kind: kind, forkSource: Self.forkSources[type + "." + name], forkValues: forkValues,
                            block: Self.parameterBlocks[type]?[name], nestedIndex: nestedIndex)
        }
        resolved[index][number] = .some(resolution)
        return resolution
    }

    /// `layer`: set when `message` is a layer, with its type (normalized) and
    /// the blocks that type reads, for the block check. `forkLayer`: the type
    /// of the enclosing layer when BVLC Caffe does not have it (SegNet's `BN`):
    /// that fork's caffe.proto, not BVLC's, decides what its blocks hold.
    private mutating func walk(_ message: TextMessage, as type: String, index: Int, layer: (written: String, reads: Set<String>)? = nil,
                               forkLayer: String? = nil) {
        let fields = Self.fieldsByIndex[index]
        // The layer's own fields (its `type` among them) are BVLC's either way; only its blocks are the fork's.
        let exemptFork = type == "LayerParameter" || type == "V1LayerParameter" ? nil : forkLayer
        message.forEachField { field in
            guard let resolution = resolve(field, in: index, type: type, fields: fields) else {
                let name = field.name
                // Forks (SSD, R-FCN, ...) add their layers' parameter blocks to
                // LayerParameter; the layer type is then unknown to modellint too (ML003).
                if layer != nil || type == "LayerParameter" || type == "V1LayerParameter", name.hasSuffix("_param"), case .message = field.value { return }
                unknownField(name, in: type, known: fields.keys, at: field.location, forkLayer: exemptFork)
                return
            }
            if let source = resolution.forkSource { forkName(type + "." + field.name, source: source, at: field.location) }
            // Most fields are scalars, whose values need no look (and no TextValue).
            switch resolution.kind {
            case .scalar:
                return
            case .message(let nested):
                guard let nestedIndex = resolution.nestedIndex, case .message(let value) = field.value else { return }
                if let layer, let block = resolution.block, !layer.reads.contains(block) {
                    violations.append(SchemaViolation(
                        kind: .operatorUse,
                        message: "\(field.name) on a \(layer.written) layer: Caffe reads it only for its own layer type, so its settings do nothing here",
                        location: field.location, fix: "Move the settings to the layer they are meant for, or remove the block.", severity: .warning))
                }
                guard nested == "LayerParameter" || nested == "V1LayerParameter", let layerType = Self.layerType(value) else {
                    walk(value, as: nested, index: nestedIndex, forkLayer: forkLayer)
                    return
                }
                checkSetup(value, type: layerType)
                let key = nested + " " + layerType.written
                if blocksByType[key] == nil { blocksByType[key] = .some(Self.blocksRead(by: layerType.written, in: nested)) }
                if forkTypes[key] == nil {
                    forkTypes[key] = CaffeLayerTypes.canonicalName(layerType.written, isV1: nested == "V1LayerParameter") == nil
                }
                walk(value, as: nested, index: nestedIndex, layer: blocksByType[key] ?? nil,
                     forkLayer: forkTypes[key] == true ? layerType.written : nil)
            case .enumeration(let values):
                guard case .scalar(let scalar) = field.value else { return }
                guard !isTemplate, case .identifier(let word) = scalar.kind else { return }
                if let source = resolution.forkValues[word] {
                    forkName(type + "." + field.name + " = " + word, source: source, at: scalar.location)
                    return
                }
                guard !values.contains(word) else { return }
                let name = field.name
                if let forkLayer = exemptFork {
                    guard notedForkNames.insert(type + "." + name + " = " + word).inserted else { return }
                    violations.append(SchemaViolation(
                        kind: .operatorUse,
                        message: "\(name) has no value '\(word)' in BVLC's caffe.proto; '\(forkLayer)' is a fork's layer type, whose own caffe.proto decides",
                        location: scalar.location, fix: nil, severity: .note))
                    return
                }
                // As for fields: near a value, a typo (an error); far from all, a fork's value (a note).
                let guess = Self.nearest(word, among: values)
                guard guess != nil || notedForkNames.insert(type + "." + name + " = " + word).inserted else { return }
                violations.append(SchemaViolation(
                    kind: .operatorUse,
                    message: guess.map { "\(name) has no value '\(word)' in caffe.proto; did you mean '\($0)'?" }
                        ?? "\(name) has no value '\(word)' in BVLC's caffe.proto: a fork's value? Caffe without that fork stops here",
                    location: scalar.location, fix: guess.map { "Write \(name): \($0)." }, severity: guess == nil ? .note : nil))
            }
        }
    }

    /// A name close to a field of the message is a typo: an error, with the
    /// field meant. One far from every field is most likely a fork's own
    /// (SegNet's `bn_mode`, TSN's `modality`): a note, since that fork's
    /// caffe.proto accepts it and modellint does not have it.
    private mutating func unknownField(_ name: String, in type: String, known: Dictionary<String, FieldKind>.Keys, at location: SourceLocation,
                                       forkLayer: String?) {
        if let forkLayer {
            guard notedForkNames.insert(type + "." + name).inserted else { return }
            violations.append(SchemaViolation(
                kind: .operatorUse,
                message: "\(type) has no field '\(name)' in BVLC's caffe.proto; '\(forkLayer)' is a fork's layer type, whose own caffe.proto decides",
                location: location, fix: nil, severity: .note))
            return
        }
        let key = type + " " + name
        if guesses[key] == nil { guesses[key] = .some(Self.nearest(name, among: Set(known))) }
        if let guess = guesses[key] ?? nil {
            violations.append(SchemaViolation(
                kind: .operatorUse, message: "\(type) has no field '\(name)' in caffe.proto; did you mean '\(guess)'? Caffe's parser stops here",
                location: location, fix: "Rename the field to '\(guess)'."))
        } else if notedForkNames.insert(type + "." + name).inserted {
            violations.append(SchemaViolation(
                kind: .operatorUse,
                message: "\(type) has no field '\(name)' in BVLC's caffe.proto: a fork's field? Caffe without that fork stops here",
                location: location, fix: "Nothing, if your Caffe fork defines the field; otherwise remove it.", severity: .note))
        }
    }

    /// A field or enum value that BVLC's caffe.proto lacks and a fork's has
    /// (SSD's `resize_param`): read, and noted once per document and source,
    /// at its first use, naming them all, since only Caffe built from that
    /// fork accepts the file.
    private mutating func forkName(_ name: String, source: String, at location: SourceLocation) {
        guard notedForkNames.insert(name).inserted else { return }
        let index: Int
        if let noted = forkNotes[source] {
            index = noted.index
            forkNotes[source]?.names.append(name)
        } else {
            index = violations.count
            forkNotes[source] = (index, [name])
            violations.append(SchemaViolation(kind: .operatorUse, message: "", location: location, fix: nil, severity: .note))
        }
        let names = forkNotes[source]?.names ?? []
        let listed = names.count <= 4 ? names.joined(separator: ", ") : names.prefix(4).joined(separator: ", ") + " and \(names.count - 4) more"
        violations[index].message = "\(listed): a Caffe fork's, not BVLC's (in the fork caffe.proto that \(source) ships): BVLC Caffe stops here, the fork reads \(names.count == 1 ? "it" : "them")"
    }

    /// A layer's `type` as written, and its field (whose position is worked
    /// out only for a finding: lines and columns cost more than the check).
    static func layerType(_ layer: TextMessage) -> (written: String, field: TextField)? {
        guard let type = layer.field(named: "type"), case .scalar(let scalar) = type.value else { return nil }
        switch scalar.kind {
        case .string(let text), .identifier(let text), .number(let text): return (text, type)
        }
    }

    /// The parameters a layer's setup CHECKs: a convolution's and an inner
    /// product's `num_output`, a convolution's and a pooling's kernel size
    /// (unless the pooling is global).
    private mutating func checkSetup(_ layer: TextMessage, type: (written: String, field: TextField)) {
        let written = type.written
        let block: String, needsOutputs: Bool, needsKernel: Bool
        switch Self.normalized(written) {
        case "convolution", "deconvolution": (block, needsOutputs, needsKernel) = ("convolution_param", true, true)
        case "innerproduct": (block, needsOutputs, needsKernel) = ("inner_product_param", true, false)
        case "pooling": (block, needsOutputs, needsKernel) = ("pooling_param", false, true)
        default: return
        }
        let parameters: TextMessage? = if case .message(let value)? = layer.field(named: block)?.value { value } else { nil }
        func has(_ name: String) -> Bool { parameters?.has(name) ?? false }
        let missesOutputs = needsOutputs && !has("num_output")
        let missesKernel = needsKernel && !has("kernel_size") && !(has("kernel_h") && has("kernel_w"))
            && !(block == "pooling_param" && has("global_pooling"))
        guard missesOutputs || missesKernel else { return }
        let layerName = (layer.field(named: "name")).flatMap { field -> String? in
            if case .scalar(let s) = field.value, case .string(let text) = s.kind { return text }
            return nil
        } ?? "?"
        if missesOutputs {
            violations.append(SchemaViolation(kind: .operatorUse, message: "\(written) layer '\(layerName)' has no \(block).num_output: Caffe's setup CHECKs it",
                                              location: type.field.location, fix: "Set num_output in \(block)."))
        }
        if missesKernel {
            violations.append(SchemaViolation(kind: .operatorUse, message: "\(written) layer '\(layerName)' has no kernel size (kernel_size, or kernel_h and kernel_w): Caffe's setup CHECKs it",
                                              location: type.field.location, fix: "Set kernel_size in \(block)."))
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

    /// Per layer message, its parameter blocks (`convolution_param`) by the
    /// layer type each is for, normalized (`convolution`): computed once, as
    /// a net has thousands of layers.
    static let parameterBlocks: [String: [String: String]] = {
        var blocks: [String: [String: String]] = [:]
        for type in ["LayerParameter", "V1LayerParameter"] {
            for name in messages[type]?.keys ?? [:].keys where name.hasSuffix("_param") && !sharedBlocks.contains(name) {
                blocks[type, default: [:]][name] = normalized(String(name.dropLast("_param".count)))
            }
        }
        return blocks
    }()

    /// Lower case, without underscores: `INNER_PRODUCT` and `InnerProduct` are `innerproduct`.
    static func normalized(_ text: String) -> String { String(text.lowercased().filter { $0 != "_" }) }

    /// The blocks a layer of type `written` reads, when the type has a block of
    /// its own in caffe.proto (a block meant for another type, `convolution_param`
    /// on a ReLU, does nothing: Caffe ignores it); nil for other types.
    static func blocksRead(by written: String, in message: String) -> (written: String, reads: Set<String>)? {
        guard let blocks = parameterBlocks[message] else { return nil }
        let layerType = normalized(written)
        let own = borrowedBlocks[layerType] ?? [layerType]
        guard own.contains(where: { kind in blocks.values.contains(kind) }) else { return nil }
        return (written, own)
    }

    static func nearest(_ word: String, among names: Set<String>) -> String? {
        EditDistance.nearest(to: word, among: names.sorted())
    }
}
