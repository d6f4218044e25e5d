import ModelLintIR

/// Where the inputs, outputs and attributes of one graph's nodes are
/// written, under the IR's names, worked out from the graph's places only
/// when a finding asks: the reader keeps the byte ranges and builds no
/// locations itself.
final class ONNXFieldLocations: FieldLocationSource {
    let places: [ONNXGraphPlaces.NodePlace]
    let locator: ONNXLocator

    init(places: [ONNXGraphPlaces.NodePlace], locator: ONNXLocator) {
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
        guard places.indices.contains(row) else { return nil }
        let place = places[row]
        switch field {
        case .input(let index):
            return place.inputs.indices.contains(index) ? locator.location(place.inputs[index]) : nil
        case .output(let index):
            return place.outputs.indices.contains(index) ? locator.location(place.outputs[index]) : nil
        case .attribute(let name):
            var found: Range<Int>?
            for (written, range) in place.attributes.lazy.map({ ($0.name, $0.range) }) where (Self.attributeFields[written] ?? written) == name {
                // `pads` wins over `auto_pad` when both are written.
                if found == nil || written == "pads" { found = range }
            }
            return found.map(locator.location)
        case .opType, .name:
            return nil
        }
    }
}
