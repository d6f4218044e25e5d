import ModelLintAnalysis
import ModelLintIR
import Testing

@Suite("Pooling window arithmetic")
struct PoolingGeometryTests {
    @Test func alexNetPool1On55Gives27() {
        // ceil((55 - 3) / 2) + 1 = 27
        #expect(PoolingGeometry.outputCount(input: 55, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .caffe) == 27)
        #expect(PoolingGeometry.lastWindowStart(input: 55, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .caffe) == 52)
    }

    @Test func googLeNetPoolOn112RoundsUpInCaffe() {
        // (112 - 3) / 2 = 54.5: Caffe rounds up to 55 (+1 = 56), ONNX's default rounds down.
        #expect(PoolingGeometry.outputCount(input: 112, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .caffe) == 56)
        #expect(PoolingGeometry.outputCount(input: 112, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .floor) == 55)
        #expect(PoolingGeometry.outputCount(input: 112, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .ceil) == 56)
    }

    @Test func caffeDropsAWindowThatWouldStartInThePadding() {
        // H=5, k=2, s=2, pad=1: ceil((5 + 2 - 2) / 2) + 1 = 4, but window 4 would
        // start at (4 - 1) * 2 = 6 >= 5 + 1, i.e. wholly in the end padding: 3 windows.
        #expect(PoolingGeometry.outputCount(input: 5, kernel: 2, stride: 2, padBegin: 1, padEnd: 1, arithmetic: .caffe) == 3)
        #expect(PoolingGeometry.lastWindowStart(input: 5, kernel: 2, stride: 2, padBegin: 1, padEnd: 1, arithmetic: .caffe) == 3)
        // ONNX ceil mode drops it as well.
        #expect(PoolingGeometry.outputCount(input: 5, kernel: 2, stride: 2, padBegin: 1, padEnd: 1, arithmetic: .ceil) == 3)
    }

    @Test func caffeKeepsAWindowThatStartsInsideThePaddedInput() {
        // H=6, k=2, s=2, pad=1: ceil(6 / 2) + 1 = 4; (4 - 1) * 2 = 6 < 6 + 1, kept.
        #expect(PoolingGeometry.outputCount(input: 6, kernel: 2, stride: 2, padBegin: 1, padEnd: 1, arithmetic: .caffe) == 4)
        #expect(PoolingGeometry.lastWindowStart(input: 6, kernel: 2, stride: 2, padBegin: 1, padEnd: 1, arithmetic: .caffe) == 5)
        #expect(PoolingGeometry.outputCount(input: 6, kernel: 2, stride: 2, padBegin: 1, padEnd: 1, arithmetic: .floor) == 4)
    }

    @Test func strideBeyondKernelWithoutPaddingStartsPastTheInputInCaffe() {
        // H=9, k=3, s=5, pad=0: ceil(6 / 5) + 1 = 3 windows at 0, 5 and 10; the
        // last one lies wholly past a 9-long input. Caffe clips only when pad > 0.
        #expect(PoolingGeometry.outputCount(input: 9, kernel: 3, stride: 5, padBegin: 0, padEnd: 0, arithmetic: .caffe) == 3)
        #expect(PoolingGeometry.lastWindowStart(input: 9, kernel: 3, stride: 5, padBegin: 0, padEnd: 0, arithmetic: .caffe) == 10)
        // ONNX ceil mode drops it; floor mode never places it.
        #expect(PoolingGeometry.outputCount(input: 9, kernel: 3, stride: 5, padBegin: 0, padEnd: 0, arithmetic: .ceil) == 2)
        #expect(PoolingGeometry.lastWindowStart(input: 9, kernel: 3, stride: 5, padBegin: 0, padEnd: 0, arithmetic: .ceil) == 5)
        #expect(PoolingGeometry.outputCount(input: 9, kernel: 3, stride: 5, padBegin: 0, padEnd: 0, arithmetic: .floor) == 2)
    }

    @Test func onnxFloorAndCeilDiffer() {
        // H=6, k=3, s=2: (6 - 3) / 2 = 1.5 -> floor 2 windows, ceil 3 (the third starts at 4 < 6, kept).
        #expect(PoolingGeometry.outputCount(input: 6, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .floor) == 2)
        #expect(PoolingGeometry.outputCount(input: 6, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .ceil) == 3)
        #expect(PoolingGeometry.lastWindowStart(input: 6, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .ceil) == 4)
    }

    @Test func onnxConformanceCases() {
        // test_maxpool_2d_ceil: 4x4, k=3, s=2, ceil_mode -> 2x2.
        #expect(PoolingGeometry.outputCount(input: 4, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .ceil) == 2)
        // test_maxpool_2d_ceil_output_size_reduce_by_one: 2x2, k=1, s=2 -> 1x1, not ceil(1 / 2) + 1 = 2,
        // because the second window would start at 2, past the input.
        #expect(PoolingGeometry.outputCount(input: 2, kernel: 1, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .ceil) == 1)
        // Caffe, without padding, keeps that window.
        #expect(PoolingGeometry.outputCount(input: 2, kernel: 1, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .caffe) == 2)
    }

    @Test func asymmetricPaddingCountsBothEnds() {
        // H=7, k=3, s=2, pads 1 and 0: floor((7 + 1 + 0 - 3) / 2) + 1 = 3; the first window starts at -1.
        #expect(PoolingGeometry.outputCount(input: 7, kernel: 3, stride: 2, padBegin: 1, padEnd: 0, arithmetic: .floor) == 3)
        #expect(PoolingGeometry.lastWindowStart(input: 7, kernel: 3, stride: 2, padBegin: 1, padEnd: 0, arithmetic: .floor) == 3)
        // With both pads: floor((7 + 2 - 3) / 2) + 1 = 4.
        #expect(PoolingGeometry.outputCount(input: 7, kernel: 3, stride: 2, padBegin: 1, padEnd: 1, arithmetic: .floor) == 4)
    }

    @Test func dilationWidensTheWindow() {
        // k=3, dilation 2 spans 5: floor((10 - 5) / 1) + 1 = 6.
        #expect(PoolingGeometry.outputCount(input: 10, kernel: 3, stride: 1, padBegin: 0, padEnd: 0, dilation: 2, arithmetic: .floor) == 6)
        #expect(PoolingGeometry.outputCount(input: 10, kernel: 3, stride: 1, padBegin: 0, padEnd: 0, arithmetic: .floor) == 8)
    }

    @Test func windowLargerThanInputRoundsTowardTheRightInfinity() {
        // Span 2 - 5 = -3 over stride 2 is -1.5: floor gives -2 (+1 = -1), ceil gives -1 (+1 = 0).
        // Truncating division would give 0 for both.
        #expect(PoolingGeometry.outputCount(input: 2, kernel: 5, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .floor) == -1)
        #expect(PoolingGeometry.outputCount(input: 2, kernel: 5, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .ceil) == 0)
        #expect(PoolingGeometry.outputCount(input: 2, kernel: 5, stride: 2, padBegin: 0, padEnd: 0, arithmetic: .caffe) == 0)
    }

    @Test(arguments: [PoolingArithmetic.floor, .ceil, .caffe])
    func invalidOrHugeParametersGiveZeroWithoutTrapping(arithmetic: PoolingArithmetic) {
        #expect(PoolingGeometry.outputCount(input: 10, kernel: 3, stride: 0, padBegin: 0, padEnd: 0, arithmetic: arithmetic) == 0)
        #expect(PoolingGeometry.outputCount(input: 10, kernel: 0, stride: 1, padBegin: 0, padEnd: 0, arithmetic: arithmetic) == 0)
        #expect(PoolingGeometry.outputCount(input: 10, kernel: 3, stride: -2, padBegin: 0, padEnd: 0, arithmetic: arithmetic) == 0)
        #expect(PoolingGeometry.outputCount(input: 10, kernel: 3, stride: 1, padBegin: 0, padEnd: 0, dilation: 0, arithmetic: arithmetic) == 0)
        #expect(PoolingGeometry.outputCount(input: .max, kernel: 3, stride: 1, padBegin: .max, padEnd: 0, arithmetic: arithmetic) == 0)
        #expect(PoolingGeometry.outputCount(input: 10, kernel: .max, stride: 1, padBegin: 0, padEnd: 0, dilation: 3, arithmetic: arithmetic) == 0)
        #expect(PoolingGeometry.lastWindowStart(input: .min, kernel: 3, stride: .max, padBegin: .max, padEnd: 0, arithmetic: arithmetic) == 0)
    }

    @Test func attributesResolveDefaultsAndBroadcastSingleValues() {
        let pool = PoolAttributes(kind: .max, kernel: [3], strides: [], padsBegin: [1, 0], padsEnd: [], arithmetic: .floor)
        #expect(pool.windowAxes(spatialRank: 2) == [
            WindowAxis(kernel: 3, stride: 1, padBegin: 1, padEnd: 0, dilation: 1),
            WindowAxis(kernel: 3, stride: 1, padBegin: 0, padEnd: 0, dilation: 1),
        ])
        // Three kernel sizes for two spatial axes is inconsistent; a missing kernel is unknown.
        #expect(PoolAttributes(kind: .max, kernel: [3, 3, 3], strides: [], padsBegin: [], padsEnd: [], arithmetic: .floor)
            .windowAxes(spatialRank: 2) == nil)
        #expect(PoolAttributes(kind: .max, kernel: [], strides: [], padsBegin: [], padsEnd: [], arithmetic: .floor)
            .windowAxes(spatialRank: 2) == nil)
        #expect(PoolAttributes(kind: .average, kernel: [], strides: [], padsBegin: [], padsEnd: [], isGlobal: true,
                               arithmetic: .caffe).windowAxes(spatialRank: 2) == nil)
        // An ONNX Conv without kernel_shape takes it from the weights.
        let conv = ConvAttributes(outputChannels: nil, kernel: [], strides: [2], padsBegin: [], padsEnd: [], dilations: [])
        #expect(conv.windowAxes(spatialRank: 2, kernelFallback: [5, 3]) == [
            WindowAxis(kernel: 5, stride: 2), WindowAxis(kernel: 3, stride: 2),
        ])
    }
}
