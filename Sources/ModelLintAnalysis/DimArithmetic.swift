import ModelLintIR

/// Arithmetic on dimensions that may be symbolic or unknown.
///
/// Only known numbers combine into known numbers; a symbolic dimension
/// survives only where an op passes it through untouched (or multiplies it by
/// one), because `batch * 3` has no name the user would recognise.
extension Dim {
    /// Product of `dims`: known when every factor is known and the product fits an `Int`.
    static func product(_ dims: some Collection<Dim>) -> Dim {
        var values: [Int] = []
        for dim in dims {
            guard let value = dim.value else { return .unknown }
            values.append(value)
        }
        return Checked.product(values).map(Dim.known) ?? .unknown
    }

    /// Sum of `dims`, under the same rule as `product`.
    static func sum(_ dims: some Collection<Dim>) -> Dim {
        var values: [Int] = []
        for dim in dims {
            guard let value = dim.value else { return .unknown }
            values.append(value)
        }
        return Checked.sum(values).map(Dim.known) ?? .unknown
    }

    /// `self * factor`, keeping a symbolic dimension when the factor is 1.
    func times(_ factor: Int) -> Dim {
        if factor == 1 { return self }
        guard let value else { return .unknown }
        return Checked.multiply(value, factor).map(Dim.known) ?? .unknown
    }

    /// A dimension that a computation produced: a count below one is not a
    /// real extent (the layer would fail to instantiate), so it is unknown.
    static func extent(_ value: Int?) -> Dim {
        guard let value, value >= 1 else { return .unknown }
        return .known(value)
    }

    /// What two inputs say about the same axis when they must agree (the
    /// non-concatenated axes of `concat`): the more specific one wins.
    func unified(with other: Dim) -> Dim {
        switch (self, other) {
        case (.unknown, _): return other
        case (_, .unknown): return self
        case (.symbolic, .known): return other
        default: return self
        }
    }
}
