import ModelLintIR

/// Output shapes of the layers that slide a window over spatial axes:
/// convolution, deconvolution and pooling. Shapes are `(N, C, spatial...)`.
///
/// The batch axis passes through untouched (so a symbolic `batch` survives);
/// a spatial axis is computed only from a known extent and resolved
/// attributes, and is `.unknown` otherwise, so one missing figure never costs
/// the rest of the shape.
enum SpatialShapes {
    static func pool(_ attributes: PoolAttributes, input: Shape?) -> Shape? {
        guard let input, input.rank >= 3 else { return nil }
        let spatialRank = input.rank - 2
        let head = Array(input.dims.prefix(2))
        if attributes.isGlobal {
            return Shape(head + Array(repeating: .known(1), count: spatialRank))
        }
        guard let axes = attributes.windowAxes(spatialRank: spatialRank) else {
            return Shape(head + Array(repeating: .unknown, count: spatialRank))
        }
        let spatial = zip(input.dims.dropFirst(2), axes).map { dim, written -> Dim in
            guard let extent = dim.value else { return .unknown }
            let axis = written.applying(attributes.autoPad, extent: extent)
            return .extent(PoolingGeometry.checkedOutputCount(
                input: extent, kernel: axis.kernel, stride: axis.stride, padBegin: axis.padBegin,
                padEnd: axis.padEnd, dilation: axis.dilation, arithmetic: attributes.arithmetic))
        }
        return Shape(head + spatial)
    }

    /// Caffe `Convolution` and ONNX `Conv`: `(H + padBegin + padEnd - (dilation*(k-1)+1)) / stride + 1`,
    /// rounded down. `weight`, when its shape is known, is `(M, C/group, k...)`
    /// and supplies what the attributes leave out (ONNX may omit `kernel_shape`).
    static func conv(_ attributes: ConvAttributes, input: Shape?, weight: Shape?) -> Shape? {
        guard let input, input.rank >= 3 else { return nil }
        let spatialRank = input.rank - 2
        let weight = weight.flatMap { $0.rank == input.rank ? $0 : nil }
        let channels = attributes.outputChannels.map { Dim.extent($0) } ?? weight?.dims[0] ?? .unknown
        let axes = attributes.windowAxes(spatialRank: spatialRank, kernelFallback: weight?.knownSpatialValues)
        let spatial = (0..<spatialRank).map { index -> Dim in
            guard let axes, let extent = input.dims[index + 2].value else { return .unknown }
            let axis = axes[index].applying(attributes.autoPad, extent: extent)
            // Convolution rounds down, exactly as ONNX `floor` pooling does.
            return .extent(PoolingGeometry.checkedOutputCount(
                input: extent, kernel: axis.kernel, stride: axis.stride, padBegin: axis.padBegin,
                padEnd: axis.padEnd, dilation: axis.dilation, arithmetic: .floor))
        }
        return Shape([input.dims[0], channels] + spatial)
    }

    /// Caffe `Deconvolution` and ONNX `ConvTranspose`:
    /// `stride*(H-1) + output_padding + dilation*(k-1) + 1 - padBegin - padEnd`;
    /// ONNX's `output_shape` when written, `H*stride` with `auto_pad` SAME.
    /// `weight` is `(C, M/group, k...)`, so it gives `M` as `dims[1] * group`.
    static func deconv(_ attributes: ConvAttributes, input: Shape?, weight: Shape?) -> Shape? {
        guard let input, input.rank >= 3 else { return nil }
        let spatialRank = input.rank - 2
        let weight = weight.flatMap { $0.rank == input.rank ? $0 : nil }
        let channels = attributes.outputChannels.map { Dim.extent($0) }
            ?? weight.map { $0.dims[1].value == nil ? Dim.unknown : $0.dims[1].times(attributes.group) }
            ?? .unknown
        let axes = attributes.windowAxes(spatialRank: spatialRank, kernelFallback: weight?.knownSpatialValues)
        if let stated = attributes.outputShape, stated.count == spatialRank {
            return Shape([input.dims[0], channels] + stated.map { Dim.extent($0) })
        }
        let spatial = (0..<spatialRank).map { index -> Dim in
            guard let axes, let extent = input.dims[index + 2].value else { return .unknown }
            var axis = axes[index]
            switch attributes.autoPad {
            case .sameUpper?, .sameLower?:
                return .extent(Checked.multiply(extent, axis.stride))
            case .valid?:
                (axis.padBegin, axis.padEnd) = (0, 0)
            case nil:
                break
            }
            let extra = index < attributes.outputPadding.count ? attributes.outputPadding[index] : 0
            return .extent(transposedExtent(input: extent, axis).flatMap { Checked.add($0, extra) })
        }
        return Shape([input.dims[0], channels] + spatial)
    }

    static func transposedExtent(input: Int, _ axis: WindowAxis) -> Int? {
        guard axis.kernel >= 1, axis.stride >= 1, axis.dilation >= 1,
              let previous = Checked.subtract(input, 1),
              let stretched = Checked.multiply(axis.stride, previous),
              let dilated = Checked.multiply(axis.dilation, axis.kernel - 1),
              let total = Checked.add(stretched, dilated).flatMap({ Checked.add($0, 1) }),
              let padded = Checked.add(axis.padBegin, axis.padEnd)
        else { return nil }
        return Checked.subtract(total, padded)
    }
}

extension Shape {
    /// The known spatial extents `dims[2...]` of a weight tensor, or nil if any is unknown.
    fileprivate var knownSpatialValues: [Int]? {
        Shape(Array(dims.dropFirst(2))).knownValues
    }
}
