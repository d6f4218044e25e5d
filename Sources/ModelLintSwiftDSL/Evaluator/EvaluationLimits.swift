/// How far the static evaluator goes before it stops with a positioned
/// error: a model's code is small and finite, so a file that needs more is a
/// mistake (an endless loop, runaway recursion) or hostile, and either way
/// modellint answers at once instead of hanging or overflowing its stack.
enum EvaluationLimits {
    /// Expressions and statements evaluated for one model: Examples/swift's
    /// ResNet-50 takes about 3,000 and its 12-layer transformer encoder about
    /// 1,700, so a model a hundred times larger fits; a debug build runs the
    /// whole budget in a few seconds.
    static let maximumSteps = 500_000
    /// Calls of the file's own functions and closures active at once.
    static let maximumCallDepth = 48
    /// Expressions, statements and calls nested at once while evaluating:
    /// each costs a few stack frames, on the frontend's own 64 MiB stack
    /// (`OwnStack`); real model code nests a few dozen.
    static let maximumNesting = 700
    /// Layers one model declares (the IR's own node limit is far above).
    static let maximumLayers = 100_000
    /// Elements of one array, string or range the evaluator builds.
    static let maximumCollection = 1_000_000
}
