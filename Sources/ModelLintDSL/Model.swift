import ModelLintIR

/// A model declared in Swift:
///
///     let lenet = Model("lenet", training: Training(learningRate: 0.01, schedule: .inverse(gamma: 1e-4, power: 0.75))) {
///         Input("data", shape: [64, 1, 28, 28], range: 0...1)
///         Conv("conv1", outputs: 20, kernel: 5)
///         MaxPool("pool1", kernel: 2, stride: 2)
///         ...
///     }
///
/// Each layer reads the previous layer's output unless it names its input
/// (`from:`, or the names after a multi-input layer's own); its output is the
/// tensor named after the layer. `graph` is the IR every rule sees.
public struct Model: Sendable {
    public var name: String
    public var layers: [Layer]
    public var training: Training?
    public var location: SourceLocation

    public init(_ name: String, training: Training? = nil,
                file: String = #filePath, line: Int = #line, column: Int = #column,
                @ModelBuilder layers: () -> [Layer]) {
        self.init(name: name, layers: layers(), training: training,
                  location: SourceLocation(callee: "Model", file: file, line: line, parenthesisColumn: column))
    }

    public init(name: String, layers: [Layer], training: Training?, location: SourceLocation) {
        self.name = name
        self.layers = layers
        self.training = training
        self.location = location
    }

    /// The model as IR, for the analyses and rules.
    public var graph: Graph { ModelAssembler.graph(of: self) }
}

@resultBuilder
public enum ModelBuilder {
    public static func buildExpression(_ layer: some LayerConvertible) -> [Layer] { [layer.layer] }
    public static func buildExpression(_ layers: [Layer]) -> [Layer] { layers }
    /// What a helper returns when it lists its layers in an array literal:
    /// `func block(...) -> [any LayerConvertible] { [Conv(...), ReLU(...)] }`.
    public static func buildExpression(_ layers: [any LayerConvertible]) -> [Layer] { layers.map(\.layer) }
    public static func buildBlock(_ parts: [Layer]...) -> [Layer] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[Layer]]) -> [Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Layer]?) -> [Layer] { part ?? [] }
    public static func buildEither(first part: [Layer]) -> [Layer] { part }
    public static func buildEither(second part: [Layer]) -> [Layer] { part }
}

extension SourceLocation {
    /// Where a call's type name starts. A default argument `#column` is the
    /// column of the call's `(`; the type name written just before it is
    /// where the static frontend points too, and where a caret reads best.
    init(callee: String, file: String, line: Int, parenthesisColumn: Int) {
        self.init(file: file, line: line, column: max(1, parenthesisColumn - callee.utf8.count))
    }
}
