import ModelLintIR

/// Output shapes of a data-reading layer, from what its parameters declare.
///
/// A Caffe data layer yields `(batch, C, H, W)` images and `(batch)` labels;
/// `crop_size` crops H and W to a square after loading, so it replaces them.
/// A figure the layer does not state (channels come from the database, for
/// instance) is `.unknown`, never guessed.
enum DataLoaderShapes {
    static func outputs(_ attributes: DataAttributes, outputCount: Int) -> [Shape?] {
        guard outputCount >= 1 else { return [] }
        let batch = attributes.batchSize.map { Dim.extent($0) } ?? .unknown
        var shapes: [Shape?] = [data(attributes, batch: batch)]
        // HDF5 datasets and dummy data tops have shapes of their own.
        if outputCount >= 2, attributes.secondOutputIsLabels {
            shapes.append(Shape([batch]))
        }
        return shapes
    }

    private static func data(_ attributes: DataAttributes, batch: Dim) -> Shape? {
        let crop = attributes.cropSize.map { Dim.extent($0) }
        if let sample = attributes.sampleShape {
            var dims = sample.map { Dim.extent($0) }
            if let crop, dims.count >= 2 {
                dims[dims.count - 2] = crop
                dims[dims.count - 1] = crop
            }
            return Shape([batch] + dims)
        }
        // Cropping is spatial, so it implies an image batch even when the
        // channels live only in the database.
        if let crop { return Shape([batch, .unknown, crop, crop]) }
        return nil
    }
}
