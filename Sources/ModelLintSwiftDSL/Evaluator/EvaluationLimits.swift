/// How far the static evaluator goes before it stops with a positioned
/// error: a model's code is small and finite, so a file that needs more is a
/// mistake (an endless loop, runaway recursion) or hostile, and either way
/// modellint answers at once instead of hanging or overflowing its stack.
enum EvaluationLimits {
    /// Expressions and statements evaluated for one model: a ResNet-50 takes
    /// about 20,000, a 96-layer transformer a few hundred thousand.
    static let maximumSteps = 2_000_000
    /// Calls of the file's own functions and closures active at once.
    static let maximumCallDepth = 48
    /// Expressions, statements and calls nested at once while evaluating:
    /// each costs stack, and the parser already refuses brackets nested
    /// more than `InputLimits.maximumSwiftNesting` deep.
    static let maximumNesting = 700
    /// Layers one model declares (the IR's own node limit is far above).
    static let maximumLayers = 100_000
    /// Elements of one array, string or range the evaluator builds.
    static let maximumCollection = 1_000_000
}
