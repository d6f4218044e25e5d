/// Operators that no rule looks into and that the interval analysis knows
/// only by a bound on what their outputs can hold: ONNX's rarer operators
/// (sequences, signal processing, bit manipulation, sampling, attention),
/// quantized arithmetic, and the fused operators that ONNX Runtime's
/// optimizers write (`com.microsoft`). Each case is one formula; the
/// frontend says which inputs play which part.
public enum ExtendedOp: Hashable, Sendable {
    /// Output 0 holds values of the listed inputs (any element of any of
    /// them) or the listed constants: padding, cropping, scattering,
    /// unpooling, sequence and optional plumbing, `OneHot`'s values. Further
    /// outputs are indices and counts (`Unique`).
    case selects(inputs: [Int], constants: [Double])
    /// Every output holds values interpolated between elements of input 0
    /// and the constants (padding zeros): by nearest or linear weights a
    /// convex combination, by cubic weights one that may overshoot
    /// (`GridSample`, `RoiAlign`, `MaxRoiPool`).
    case interpolates(constants: [Double], cubic: Bool)
    /// Output `i` lies in `ranges[i]`; outputs past the list are indices or
    /// counts, whole numbers from 0 (flags, windows, random draws, `NonZero`).
    case fixed([FixedRange])
    /// Any value of the output's element type, NaN included for floating
    /// types: bit manipulation and reinterpretation, strings.
    case anyValueOfType
    /// Sums of products: each term multiplies one element of every factor
    /// (`MatMulInteger`, `ConvInteger`, `Einsum`, DFTs, `CumSum`, ...).
    case sumOfProducts(SumOfProducts)
    /// `CumProd`: running products of input 0.
    case cumulativeProduct
    /// `Mod`: the remainder of input 0 by input 1, with the sign of the
    /// divisor (integer `Mod`) or of the dividend (`fmod: 1`).
    case remainder(fmod: Bool)
    /// `Range`: values from input 0 (start) towards input 1 (limit) by input 2 (delta).
    case arithmeticSequence
    /// `Det`: the determinant of square matrices over the last two axes.
    case determinant
    /// `Inverse`: any value, and NaN for a singular matrix.
    case inverse
    /// `CastLike`: input 0 converted to input 1's element type.
    case castLike
    /// An 8- or 16-bit quantized output (`QLinearConv`, `QLinearAdd`, ...):
    /// saturated into the range of input `zeroPoint`'s type (uint8 without one).
    case quantized(zeroPoint: Int)
    /// `DynamicQuantizeLinear`: uint8 values, a scale from the input's range, a uint8 zero point.
    case dynamicQuantize
    /// `f(input 0 + input 1)`: com.microsoft `BiasGelu`, `FastGelu`.
    case biasedUnary(UnaryFunction)
    /// `softmax(input 0 + input 1)` along `axis`: com.microsoft `BiasSoftmax`.
    case biasedSoftmax(axis: Int)
    /// A layer (or root-mean-square) normalization of the sum of `summands`,
    /// times input `scale`, plus input `shift`; extra outputs as `SkipLayerNormalization`'s
    /// (`mean`, `inv_std_var`, the sum) or `EmbedLayerNormalization`'s (`mask_index`, the sum).
    case normalizedSum(NormalizedSum)
    /// Attention: softmax-weighted averages of the value rows (`values`,
    /// joined), plus input `bias`; with a mask a row may be all masked (NaN).
    case attention(AttentionInputs)
    /// com.microsoft `Attention`: the value rows are input 0 projected by the
    /// weights in input 1 and the bias in input 2.
    case projectedAttention
    /// Rotary embedding: pairs of input `input` rotated by the cosines and sines of two caches.
    case rotary(input: Int, cosines: Int, sines: Int)
    /// A quantized LSTM (com.microsoft `DynamicQuantizeLSTM`): hidden states in
    /// [-1, 1] with the default activations, the cell state a running sum.
    case quantizedLSTM(defaultActivations: Bool)
}

/// A closed range of values, either end possibly infinite.
public struct FixedRange: Hashable, Sendable {
    public var lo: Double
    public var hi: Double
    public init(_ lo: Double, _ hi: Double) {
        self.lo = lo
        self.hi = hi
    }
    /// Whole numbers from 0: indices, counts, lengths.
    public static let indices = FixedRange(0, .infinity)
    public static let flag = FixedRange(0, 1)
}

/// `scale * sum over at most n terms of (f_1 * f_2 * ...)`, plus addends.
public struct SumOfProducts: Hashable, Sendable {
    public enum Factor: Hashable, Sendable {
        /// An element of input `index`, less an element of input `zeroPoint` when there is one.
        case input(Int, zeroPoint: Int? = nil)
        /// A value in a fixed range (a 4-bit weight, an affine grid's coordinates).
        case range(FixedRange)
    }
    /// How many terms one output sums at most.
    public enum Terms: Hashable, Sendable {
        case exactly(Int)
        /// The product of the element counts of these inputs.
        case elementCount(of: [Int])
        /// The product of input `input`'s values (a block shape), or else as `elementCount`.
        case productOfValues(input: Int, orElementCountOf: [Int])
    }
    public var factors: [Factor]
    public var terms: Terms
    public var scale: Double
    /// Inputs added once to every output (a bias).
    public var addends: [Int]
    /// The terms are the factors' products as they are (a running sum keeps
    /// their sign); when false each term may also be negated (rotations by
    /// cosines and sines, complex twiddle factors). A sum may have fewer
    /// terms than `terms` (padding, an exclusive running sum).
    public var keepsSign: Bool

    public init(factors: [Factor], terms: Terms, scale: Double = 1, addends: [Int] = [], keepsSign: Bool = true) {
        self.factors = factors
        self.terms = terms
        self.scale = scale
        self.addends = addends
        self.keepsSign = keepsSign
    }
}

/// Which inputs make up a normalized sum (see `ExtendedOp.normalizedSum`).
public struct NormalizedSum: Hashable, Sendable {
    public enum Extras: Hashable, Sendable {
        /// `SkipLayerNormalization`: the mean (layer norm only), 1 / sqrt(var + eps), the sum.
        case skip
        /// `EmbedLayerNormalization`: a mask index, the sum.
        case embed
    }
    /// Inputs added before normalizing (an input, a skip connection, a bias,
    /// embedding tables whose rows are looked up).
    public var summands: [Int]
    public var scale: Int
    public var shift: Int?
    public var epsilon: Double
    /// Subtracts the mean (layer norm) or not (root mean square).
    public var centred: Bool
    public var extras: Extras

    public init(summands: [Int], scale: Int, shift: Int?, epsilon: Double, centred: Bool, extras: Extras) {
        self.summands = summands
        self.scale = scale
        self.shift = shift
        self.epsilon = epsilon
        self.centred = centred
        self.extras = extras
    }
}

/// Which inputs an attention operator averages (see `ExtendedOp.attention`).
public struct AttentionInputs: Hashable, Sendable {
    /// The inputs whose rows are averaged: values, past values, or a packed
    /// query/key/value tensor that holds them.
    public var values: [Int]
    /// The inputs that the present key output is made of.
    public var keys: [Int]
    public var bias: Int?
    /// A mask input is given: a row masked whole averages nothing.
    public var maskInputs: [Int]

    public init(values: [Int], keys: [Int], bias: Int? = nil, maskInputs: [Int] = []) {
        self.values = values
        self.keys = keys
        self.bias = bias
        self.maskInputs = maskInputs
    }
}
