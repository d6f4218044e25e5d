/// What the interpreter needs to bound a recurrent layer's states: which
/// cell it is, what each input and output holds, its activations and clip.
/// Caffe `LSTM`/`RNN` and ONNX `LSTM`/`GRU`/`RNN` alike.
public struct RecurrentAttributes: Hashable, Sendable {
    public enum Cell: Hashable, Sendable {
        /// `c_t = f * c_{t-1} + i * g(...)`, `h_t = o * h(c_t)` (`Op.lstm`).
        case lstm
        /// `h_t = (1 - z) * g(...) + z * h_{t-1}` (ONNX `GRU`, `Op.rnn`).
        case gru
        /// `h_t = f(W x_t + R h_{t-1} + b)` (ONNX `RNN`, Caffe `RNN`, `Op.rnn`).
        case simple
    }

    /// What an output holds.
    public enum Output: Hashable, Sendable {
        /// The hidden state of every step (ONNX `Y`, Caffe `h`); Caffe's RNN
        /// output `o_t = tanh(W h_t + b)` is counted here, as it lies in the
        /// same range.
        case sequence
        /// The hidden state after the last step (ONNX `Y_h`, Caffe `h_T`).
        case lastHidden
        /// The LSTM cell state after the last step (ONNX `Y_c`, Caffe `c_T`).
        case lastCell
    }

    public var cell: Cell
    /// By output position.
    public var outputs: [Output]
    /// The axis of input 0 along which the time steps run.
    public var timeAxis: Int
    /// Input positions of the initial hidden and cell states, when the layer reads them.
    public var initialHidden: Int?
    public var initialCell: Int?
    /// Input position of per-sequence lengths (ONNX `sequence_lens`): fewer
    /// steps, and zeros in the sequence output past each length.
    public var sequenceLengths: Int?
    /// The activations, in the format's order (ONNX: `f, g, h` for LSTM,
    /// `f, g` for GRU, `f` for RNN, repeated per direction). Empty: the
    /// defaults, sigmoid gates and tanh.
    public var activations: [RecurrentActivation]
    /// ONNX `clip`: the inputs of every activation are clipped to `[-clip, clip]`.
    public var clip: Double?
    /// Per-layer gradient clipping during training (`clipping_threshold` in
    /// the `recurrent_param` of Caffe forks): gradients clipped to `[-t, t]`.
    /// nil when not written; 0 or less means off.
    public var gradientClipping: Double?

    public init(cell: Cell, outputs: [Output], timeAxis: Int = 0, initialHidden: Int? = nil, initialCell: Int? = nil,
                sequenceLengths: Int? = nil, activations: [RecurrentActivation] = [],
                clip: Double? = nil, gradientClipping: Double? = nil) {
        self.gradientClipping = gradientClipping
        self.cell = cell
        self.outputs = outputs
        self.timeAxis = timeAxis
        self.initialHidden = initialHidden
        self.initialCell = initialCell
        self.sequenceLengths = sequenceLengths
        self.activations = activations
        self.clip = clip
    }

    /// How many activations one direction of the cell takes.
    public var activationsPerDirection: Int {
        switch cell {
        case .lstm: return 3
        case .gru: return 2
        case .simple: return 1
        }
    }
}

/// An activation function of a recurrent cell.
public enum RecurrentActivation: Hashable, Sendable {
    case sigmoid, tanh, relu
    /// `max(0, min(1, alpha * x + beta))`.
    case hardSigmoid
    /// `x / (1 + |x|)`.
    case softsign
    /// Any other (ONNX `Affine`, `LeakyRelu`, `Elu`, `ScaledTanh`, ...), by name: unbounded.
    case other(String)
}
