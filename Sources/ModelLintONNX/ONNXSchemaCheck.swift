import ModelLintIR

/// Checks each node of one graph against its operator's schema at the
/// model's opset, as `onnx.checker.check_model(full_check=True)` and ONNX
/// Runtime do when they load a model: the operator exists at that opset; the
/// node has as many inputs and outputs as the schema allows; every attribute
/// is one the operator has, and the required ones are there; input types are
/// among those the operator accepts, one type per type parameter; and a
/// type the file declares for an output (value_info, graph outputs) is the
/// type the node computes. Nodes of domains without schemas (custom ones)
/// are not checked. Types are followed from node to node as the graph is read.
struct ONNXSchemaCheck {
    let schemas = ONNXSchemas.shared
    /// Whether input and output types are checked (the main graph's; see the reader).
    let checksTypes: Bool
    /// The element type each value computes to, where the schema tells it.
    private var computed: [TensorID: DType] = [:]
    /// The schema of each operator and opset met in this graph: a model
    /// repeats a few dozen operators thousands of times.
    private var schemaOf: [OperatorAtOpset: ONNXSchemas.Schema?] = [:]

    private struct OperatorAtOpset: Hashable {
        let domain: String
        let name: String
        let opset: Int
    }
    private(set) var violations: [SchemaViolation] = []

    init(checksTypes: Bool) {
        self.checksTypes = checksTypes
    }

    /// Checks `node` (IR id `id`), read at `opset` of its domain, once its
    /// outputs carry the types the file declares for them.
    mutating func check<Node: ONNXNodeFields>(_ node: Node, id: NodeID, opset: Int, in graph: Graph) {
        guard schemas.knows(domain: node.domain) else { return }
        let domain = ONNXSchemas.canonical(node.domain)
        let key = OperatorAtOpset(domain: domain, name: node.opType, opset: opset)
        let found: ONNXSchemas.Schema?
        if let cached = schemaOf[key] {
            found = cached
        } else {
            found = schemas.schema(domain: node.domain, name: node.opType, version: opset)
            schemaOf[key] = .some(found)
        }
        guard let schema = found else {
            // Operators modellint reads that the onnx package no longer lists
            // (onnxruntime's SimplifiedLayerNormalization in the default domain,
            // experimental operators of old opsets) are left to the runtime.
            guard !ONNXOperators.isKnown(domain: node.domain, opType: node.opType) || !schemas.versions(domain: domain, name: node.opType).isEmpty
            else { return }
            report(.unknownOperator, unknownOperator(node, domain: domain, opset: opset), id, .opType)
            return
        }
        if schema.deprecated {
            // onnx.checker: "Op registered for Upsample is deprecated in domain_version of 11".
            report(.unknownOperator, "\(node.opType) is deprecated in \(domain) since opset \(schema.since), and the model imports opset \(opset)",
                   id, .opType, fix: node.opType == "Upsample" ? "Use Resize." : "Use the operator that replaced it, or import an older opset.")
            return
        }
        checkArity(node, schema, id)
        checkAttributes(node, schema, id)
        if checksTypes { checkTypes(node, schema, id, in: graph) }
    }

    /// A shape declared for a Constant's output (value_info, graph output)
    /// that its value does not have, as onnx.checker's shape inference
    /// refuses it ("Inferred shape and existing shape differ"). The shapes
    /// other nodes compute are compared after shape inference (ML007).
    mutating func checkDeclaredShape(_ declared: Shape, of output: TensorID, holding held: Shape, node id: NodeID, in graph: Graph) {
        guard declared.contradicts(held), graph.nodes.indices.contains(id) else { return }
        let node = graph.nodes[id]
        violations.append(SchemaViolation(
            kind: .type, message: "'\(graph.tensors[output].displayName)' is declared with shape \(declared), and \(node.sourceType) '\(node.name)' holds a value of shape \(held)",
            node: id, field: .output(0), fix: "Correct the declared shape (value_info or graph output)."))
    }

    private mutating func report(_ kind: SchemaViolation.Kind, _ message: String, _ id: NodeID, _ field: NodeField?,
                                 fix: String? = nil) {
        violations.append(SchemaViolation(kind: kind, message: message, node: id, field: field, fix: fix))
    }

    private func unknownOperator<Node: ONNXNodeFields>(_ node: Node, domain: String, opset: Int) -> String {
        if let first = schemas.versions(domain: domain, name: node.opType).first {
            return "\(node.opType) is not in \(domain) opset \(opset): it was introduced in opset \(first.since)"
        }
        let guess = schemas.suggestion(domain: domain, name: node.opType).map { "; did you mean '\($0)'?" } ?? ""
        return "'\(node.opType)' is not an operator of \(domain)\(guess)"
    }

    private mutating func checkArity<Node: ONNXNodeFields>(_ node: Node, _ schema: ONNXSchemas.Schema, _ id: NodeID) {
        for (actual, formals, what) in [(node.input, schema.inputs, "input"), (node.output, schema.outputs, "output")] {
            let (minimum, maximum) = ONNXSchemas.Schema.arity(formals)
            // Trailing empty names stand for optional values left out.
            var count = actual.count
            while count > minimum, actual[count - 1].isEmpty { count -= 1 }
            if count < minimum || count > maximum {
                let allowed = minimum == maximum ? "\(minimum)" : maximum == Int.max ? "at least \(minimum)" : "\(minimum) to \(maximum)"
                report(.operatorUse, "\(node.opType) takes \(allowed) \(what)\(maximum == 1 ? "" : "s") at opset \(schema.since)+, "
                       + "and '\(node.name)' has \(count)", id, nil)
                continue
            }
            for (index, name) in actual.prefix(count).enumerated() where name.isEmpty {
                let formal = formals[Swift.min(index, formals.count - 1)]
                if case .single = formal.option {
                    report(.operatorUse, "\(node.opType)'s \(what) \(index) (\(formal.name)) is required, and '\(node.name)' leaves it empty",
                           id, what == "input" ? .input(index) : .output(index))
                }
            }
        }
    }

    private mutating func checkAttributes<Node: ONNXNodeFields>(_ node: Node, _ schema: ONNXSchemas.Schema, _ id: NodeID) {
        for attribute in node.attribute where schema.attributes[attribute.name] == nil {
            let name = attribute.name
            let known = schema.attributes.keys.sorted()
            let guess = EditDistance.nearest(to: name, among: known)
            let hint = guess.map { "; did you mean '\($0)'?" }
                ?? (known.isEmpty ? "; it has none" : "; its attributes are \(known.joined(separator: ", "))")
            report(.operatorUse, "\(node.opType) has no attribute '\(name)'\(hint)", id, .attribute(name),
                   fix: guess.map { "Rename the attribute to '\($0)'." } ?? "Remove the attribute.")
        }
        for name in schema.requiredAttributes where !node.attribute.contains(where: { $0.name == name }) {
            report(.operatorUse, "\(node.opType) requires the attribute '\(name)', and '\(node.name)' does not set it", id, nil)
        }
        for attribute in node.attribute where attribute.refAttrName.isEmpty {
            guard let expected = schema.attributes[attribute.name]?.type else { continue }
            checkAttributeType(attribute, expected: expected, opType: node.opType, id)
        }
    }

    /// An attribute's declared type is the one its schema gives, and its value
    /// sits in that type's field, as onnx.checker requires ("Mismatched
    /// attribute type", "type field and data field mismatch") and onnxruntime
    /// too: a runtime that read `group` as a FLOAT would find no INT there.
    private mutating func checkAttributeType<Attribute: ONNXAttributeFields>(_ attribute: Attribute, expected: String, opType: String,
                                                                            _ id: NodeID) {
        let name = attribute.name
        guard let declared = ONNXAttributeKind.name(of: attribute.type) else {
            report(.operatorUse, "\(opType)'s attribute '\(name)' has no type; its schema says \(expected)", id, .attribute(name),
                   fix: "Set the attribute's type to \(expected).")
            return
        }
        if declared != expected {
            report(.operatorUse, "\(opType)'s attribute '\(name)' is \(declared), and its schema says \(expected)", id, .attribute(name),
                   fix: "Write '\(name)' as \(expected).")
            return
        }
        let held = ONNXAttributeKind.valuesHeld(by: attribute).filter { $0 != declared }
        if let other = held.first {
            report(.operatorUse, "\(opType)'s attribute '\(name)' is \(declared) and holds a value in its \(other) field", id, .attribute(name),
                   fix: "Keep '\(name)''s value in its \(declared) field only.")
        }
    }

    private mutating func checkTypes<Node: ONNXNodeFields>(_ node: Node, _ schema: ONNXSchemas.Schema, _ id: NodeID, in graph: Graph) {
        let irNode = graph.nodes[id]
        func type(of tensor: TensorID) -> DType? {
            if let known = computed[tensor] { return known }
            let declared = graph.tensors[tensor].dtype
            return declared == .unknown ? nil : declared
        }
        var bound: [String: DType] = [:]
        for (index, tensor) in irNode.inputs.enumerated() where index < node.input.count && !node.input[index].isEmpty {
            guard let actual = type(of: tensor), let name = ONNXSchemas.typeName(actual), !schema.inputs.isEmpty else { continue }
            let formal = schema.inputs[Swift.min(index, schema.inputs.count - 1)]
            if let allowed = schema.constraints[formal.type] {
                // A parameter that also stands for sequences or optionals is checked only on its tensor types.
                guard allowed.contains(where: { ONNXSchemas.dtype($0) != nil }) else { continue }
                if !allowed.contains(name) {
                    let accepted = allowed.filter { ONNXSchemas.dtype($0) != nil }.sorted().joined(separator: ", ")
                    report(.type, "\(node.opType)'s input \(index) (\(formal.name)) is \(name), a type it does not take (\(formal.type): \(accepted))",
                           id, .input(index))
                } else if let other = bound[formal.type], other != actual, !formal.isVariadic {
                    // (A variadic parameter may be heterogeneous: Loop's and Scan's carried values.)
                    report(.type, "\(node.opType)'s inputs of type \(formal.type) differ: \(ONNXSchemas.typeName(other) ?? "?") and \(name) (input \(index), \(formal.name))",
                           id, .input(index))
                }
                bound[formal.type] = bound[formal.type] ?? actual
            } else if let expected = ONNXSchemas.dtype(formal.type), expected != actual {
                report(.type, "\(node.opType)'s input \(index) (\(formal.name)) is \(name), and it takes \(formal.type)", id, .input(index))
            }
        }
        for (index, tensor) in irNode.outputs.enumerated() where index < node.output.count && !node.output[index].isEmpty {
            guard let computedType = outputType(node, schema, index: index, bound: bound, inputTypes: irNode.inputs.map(type)) else { continue }
            let declared = graph.tensors[tensor].dtype
            // After a mismatch the nodes downstream are judged by the declared
            // type: one defect is one finding, not one per consumer.
            computed[tensor] = declared == .unknown ? computedType : declared
            if declared != .unknown, declared != computedType, let declaredName = ONNXSchemas.typeName(declared),
               let computedName = ONNXSchemas.typeName(computedType) {
                report(.type, "'\(node.output[index])' is declared \(declaredName), and \(node.opType) '\(node.name)' computes it as \(computedName)",
                       id, .output(index), fix: "Make the declared type (value_info, graph output) and the node agree: onnxruntime refuses to load the model.")
            }
        }
    }

    /// The type output `index` computes to: Cast's `to`, CastLike's second
    /// input's type, a bound type parameter, or a fixed type.
    private func outputType<Node: ONNXNodeFields>(_ node: Node, _ schema: ONNXSchemas.Schema, index: Int,
                                                  bound: [String: DType], inputTypes: [DType?]) -> DType? {
        if node.opType == "Cast", index == 0, let to = ONNXNodeAttributes(node).int("to") {
            let type = ONNXTensorData.dtype(Int32(clamping: to))
            return type == .unknown ? nil : type
        }
        if node.opType == "CastLike", index == 0, inputTypes.count > 1 { return inputTypes[1] }
        guard !schema.outputs.isEmpty else { return nil }
        let formal = schema.outputs[Swift.min(index, schema.outputs.count - 1)]
        if let type = bound[formal.type] { return type }
        if schema.constraints[formal.type] == nil { return ONNXSchemas.dtype(formal.type) }
        return nil
    }
}
