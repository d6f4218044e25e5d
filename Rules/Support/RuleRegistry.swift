import ModelLintIR

/// Every rule modellint has, in code order. A new rule is added here once;
/// `modellint rules`, `explain`, SARIF metadata and the example tests all read this list.
public enum RuleRegistry {
    public static let all: [any Rule] = [
        BottomNotProduced(),
        DuplicateTop(),
        UnknownLayerType(),
        ConstantSizeMismatch(),
        NegativeDimension(),
        OperatorSchemaMismatch(),
        OperatorTypeMismatch(),
        InvalidOpsetImport(),
        LogOfUnclamped(),
        DivWithoutEpsilon(),
        SqrtOfNegative(),
        ExpOverflow(),
        Overflow(),
        LogOfSoftmax(),
        DropoutRatioOne(),
        PoolStrideExceedsKernel(),
        BNEncoderDecoderMismatch(),
        BatchNormBatchSizeOne(),
        BatchNormFrozenWhileTraining(),
        BatchNormShuffleMismatch(),
        DtypeMismatch(),
        HighLearningRateNoDecay(),
        MissingGradientClipping(),
        LearningRateScheduleGrows(),
        UnusedSuppression(),
        UnknownRuleInSuppression(),
    ]

    public static var descriptions: [RuleDescription] { all.map(\.description) }

    /// A rule by code (`ML201`) or name (`pool-stride-exceeds-kernel`), case-insensitively.
    public static func rule(named identifier: String) -> (any Rule)? {
        let selector = RuleSelector(identifier)
        return all.first { selector.names($0.description) }
    }
}
