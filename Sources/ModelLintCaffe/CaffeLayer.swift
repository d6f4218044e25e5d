import ModelLintIR

/// One `layer { }` (V2) or `layers { }` (V1) block, with the parts needed to
/// decide which phases it belongs to and how it connects. A class: each graph
/// of the net walks every layer, and should not copy its dozen parts to do so.
final class CaffeLayer {
    struct Blob {
        var name: String
        var location: SourceLocation
    }

    var name: String
    var writtenType: String
    /// Whether `writtenType` is a V1 enum name (`POOLING`) rather than a V2 name.
    var isV1: Bool
    /// The V2 name of the type (`CaffeLayerTypes`), nil for a type BVLC Caffe does not have.
    var canonicalType: String?
    var bottoms: [Blob]
    var tops: [Blob]
    var include: [CaffeNetStateRule]
    var exclude: [CaffeNetStateRule]
    var message: TextMessage
    /// The whole block, from its field name to its closing brace.
    var location: SourceLocation
    var typeLocation: SourceLocation?
    var nameLocation: SourceLocation?

    /// The fields read here, in the order of the cases below.
    private static let fieldsRead = ["name", "type", "bottom", "top", "include", "exclude"]

    init(field: TextField, index: Int) throws {
        var message = try field.message()
        self.isV1 = field.isNamed("layers")
        self.location = field.location
        // A V0 connection: the definition sits in a nested `layer`, bottoms and tops outside it.
        var v0Type: String?
        if isV1, let inner = try CaffeV0Layers.innerLayer(of: message) {
            let upgraded = try CaffeV0Layers.upgraded(inner)
            v0Type = upgraded.type
            message = TextMessage(fields: upgraded.fields + message.fields.filter { !$0.isNamed("layer") },
                                  location: message.location)
        }
        self.message = message
        // One pass sorts out the fields this type needs; they are then read in
        // a fixed order, so that the first of several errors is always the same one.
        var nameField: TextField?, typeField: TextField?
        var bottoms: [Blob] = [], tops: [Blob] = []
        var firstBadBottom: TextField?, firstBadTop: TextField?
        var includeFields: [TextField] = [], excludeFields: [TextField] = []
        try message.forEachField(namedOneOf: Self.fieldsRead) { which, field in
            switch which {
            case 0: nameField = field
            case 1: typeField = field
            case 2:
                if field.kind == .string { bottoms.append(Blob(name: try field.string(), location: field.location)) }
                else if firstBadBottom == nil { firstBadBottom = field }
            case 3:
                if field.kind == .string { tops.append(Blob(name: try field.string(), location: field.location)) }
                else if firstBadTop == nil { firstBadTop = field }
            case 4: includeFields.append(field)
            default: excludeFields.append(field)
            }
        }
        self.name = try nameField?.string() ?? "layer #\(index + 1)"
        if let v0Type {
            self.writtenType = v0Type
            self.isV1 = false
        } else if let typeField {
            // V2 writes a string; V1 writes an enum. Accept either in either, as protoc would not,
            // because hand-edited nets mix them and the intent is never in doubt.
            self.writtenType = typeField.kind == .string ? try typeField.string() : try typeField.enumValue()
        } else {
            self.writtenType = ""
        }
        // A bottom or top that is not a string is an error at it (read, it throws).
        _ = try firstBadBottom?.string()
        _ = try firstBadTop?.string()
        self.bottoms = bottoms
        self.tops = tops
        let includes = try includeFields.map { try $0.message() }
        self.include = try includes.map(CaffeNetStateRule.init)
        let excludes = try excludeFields.map { try $0.message() }
        self.exclude = try excludes.map(CaffeNetStateRule.init)
        self.typeLocation = typeField?.location
        self.nameLocation = nameField?.location
        self.canonicalType = CaffeLayerTypes.canonicalName(writtenType, isV1: isV1)
    }

    /// Where the layer writes its name, type, bottoms and tops, under IR names.
    /// Made afresh for each graph's node rather than kept: the op adds to it.
    func fieldLocations() -> [NodeField: SourceLocation] {
        // Sized for these only: most layers record no parameter, and a bucket costs 80 bytes.
        var locations: [NodeField: SourceLocation] = Dictionary(minimumCapacity: 2 + bottoms.count + tops.count)
        if let typeLocation { locations[.opType] = typeLocation }
        if let nameLocation { locations[.name] = nameLocation }
        for (i, blob) in bottoms.enumerated() { locations[.input(i)] = blob.location }
        for (i, blob) in tops.enumerated() { locations[.output(i)] = blob.location }
        return locations
    }

    /// Caffe's `Net::StateMeetsRule`: included when no include rule is given
    /// or one matches, and no exclude rule matches.
    func isIncluded(phase: Phase?, stages: Set<String>) -> Bool {
        if exclude.contains(where: { $0.matches(phase: phase, stages: stages) }) { return false }
        return include.isEmpty || include.contains { $0.matches(phase: phase, stages: stages) }
    }
}

/// A `NetStateRule`: phase, required stages, forbidden stages.
struct CaffeNetStateRule {
    var phase: Phase?
    var stages: [String]
    var notStages: [String]

    init(_ message: TextMessage) throws {
        switch try message.enumValue("phase") {
        case nil: phase = nil
        case "TRAIN", "0": phase = .train
        case "TEST", "1": phase = .test
        case let other?:
            throw TextFormatError("'phase' expects TRAIN or TEST, found '\(other)'",
                                  at: message.field(named: "phase")?.location ?? message.location)
        }
        stages = try message.strings("stage")
        notStages = try message.strings("not_stage")
    }

    func matches(phase: Phase?, stages netStages: Set<String>) -> Bool {
        if let required = self.phase, let phase, required != phase { return false }
        if self.phase != nil && phase == nil { return false }
        return stages.allSatisfy(netStages.contains) && !notStages.contains(where: netStages.contains)
    }
}
