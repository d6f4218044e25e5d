import ModelLintIR

/// Where the inputs, outputs and attributes of one graph's nodes are
/// written, under the IR's names, worked out from the graph's places only
/// when a finding asks: the reader keeps the byte ranges and builds no
/// locations itself.
final class ONNXFieldLocations: FieldLocationSource {
    let places: ONNXGraphPlaces
    let locator: ONNXLocator

    init(places: ONNXGraphPlaces, locator: ONNXLocator) {
        self.places = places
        self.locator = locator
    }

    /// ONNX attribute names under the IR's names, so rules stay format-blind.
    static let attributeFields: [String: String] = [
        "kernel_shape": "kernel", "strides": "stride", "pads": "pad", "dilations": "dilation", "auto_pad": "pad",
        "ceil_mode": "ceil_mode", "axis": "axis", "epsilon": "epsilon", "alpha": "alpha", "group": "group",
        "training_mode": "statistics_mode", "is_test": "statistics_mode",
    ]

    func location(of field: NodeField, row: Int) -> SourceLocation? {
        guard places.nodes.indices.contains(row) else { return nil }
        let place = places.nodes[row]
        switch field {
        case .input(let index):
            let inputs = places.inputs(of: place)
            return index >= 0 && index < inputs.count ? locator.location(inputs[inputs.startIndex + index]) : nil
        case .output(let index):
            let outputs = places.outputs(of: place)
            return index >= 0 && index < outputs.count ? locator.location(outputs[outputs.startIndex + index]) : nil
        case .attribute(let name):
            var found: Range<Int>?
            for attribute in places.attributes(of: place) where (Self.attributeFields[attribute.name] ?? attribute.name) == name {
                // `pads` wins over `auto_pad` when both are written.
                if found == nil || attribute.name == "pads" { found = attribute.range }
            }
            return found.map(locator.location)
        case .opType, .name:
            return nil
        }
    }
}
