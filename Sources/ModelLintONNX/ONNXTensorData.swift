import Foundation
import ModelLintIR

/// Turns an ONNX `TensorProto` into the IR's lazily read `ConstantData`, and
/// ONNX element types into `DType`.
enum ONNXTensorData {
    static func dtype(_ dataType: Int32) -> DType {
        switch dataType {
        case 1: return .float32
        case 2: return .uint8
        case 3: return .int8
        case 4: return .uint16
        case 5: return .int16
        case 6: return .int32
        case 7: return .int64
        case 8: return .string
        case 9: return .bool
        case 10: return .float16
        case 11: return .float64
        case 12: return .uint32
        case 13: return .uint64
        case 16: return .bfloat16
        default: return .unknown
        }
    }

    /// A tensor's values, read on demand, and what the user must be told when
    /// they cannot be had (a missing external file: a note; one outside the
    /// model's folder: an error, as for onnx.checker).
    struct Storage {
        var data: ConstantData
        var problem: Problem?
    }

    struct Problem: Equatable {
        var severity: Severity
        var message: String
        /// What the model wrote, to find where it wrote it.
        var reference: String? = nil
    }

    /// The tensor's values, read on demand. `rawData` is its `raw_data` where
    /// that was left in the file's bytes instead of in `tensor`; `modelFolder`
    /// is where external data may lie (nil: none is read).
    static func storage(of tensor: Onnx_TensorProto, rawData: Data? = nil, modelFolder: String?) -> Storage {
        let expected = elementCount(tensor.dims)
        let type = tensor.dataType
        if tensor.dataLocation == .external {
            let external = ONNXExternalData.read(tensor, modelFolder: modelFolder)
            let data = ConstantData(elementCount: expected, storedCount: nil) {
                external.bytes().flatMap { decodeRaw($0, dataType: type) }
            }
            return Storage(data: data, problem: external.problem)
        }
        if let rawData {
            if type == 1 { return Storage(data: ConstantData(elementCount: expected, float32LittleEndian: rawData), problem: nil) }
            let stored = elementSize(type).map { rawData.count / $0 }
            return Storage(data: ConstantData(elementCount: expected, storedCount: stored) { decodeRaw(rawData, dataType: type) }, problem: nil)
        }
        let data = ConstantData(elementCount: expected, storedCount: storedCount(tensor)) {
            if tensor.hasRawData { return decodeRaw(tensor.rawData, dataType: type) }
            return typedValues(tensor)
        }
        return Storage(data: data, problem: nil)
    }

    static func elementCount(_ dims: [Int64]) -> Int {
        var count = 1
        for dim in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(clamping: max(dim, 0)))
            if overflow { return Int.max }
            count = product
        }
        return count
    }

    /// How many elements the tensor holds, or nil when it holds none at all
    /// (weights stripped to keep the file small: values unknown, not wrong).
    static func storedCount(_ tensor: Onnx_TensorProto) -> Int? {
        if tensor.hasRawData {
            guard let size = elementSize(tensor.dataType), size > 0 else { return nil }
            return tensor.rawData.count / size
        }
        let typed = tensor.floatData.count + tensor.int32Data.count + tensor.int64Data.count + tensor.doubleData.count
            + tensor.uint64Data.count + tensor.stringData.count
        return typed == 0 ? nil : typed
    }

    /// Bytes per element in `raw_data`, for the types with a whole number of bytes.
    static func elementSize(_ dataType: Int32) -> Int? {
        switch dataType {
        case 1, 6, 12: return 4
        case 2, 3, 9, 17, 18, 19, 20, 24: return 1
        case 4, 5, 10, 16: return 2
        case 7, 11, 13, 14: return 8
        case 15: return 16
        default: return nil
        }
    }

    private static func typedValues(_ tensor: Onnx_TensorProto) -> [Double]? {
        if !tensor.floatData.isEmpty { return tensor.floatData.map(Double.init) }
        if !tensor.doubleData.isEmpty { return tensor.doubleData }
        if !tensor.int64Data.isEmpty { return tensor.int64Data.map(Double.init) }
        if !tensor.uint64Data.isEmpty { return tensor.uint64Data.map(Double.init) }
        if !tensor.int32Data.isEmpty {
            // int32_data also carries float16/bfloat16 bit patterns, bools and small ints.
            switch tensor.dataType {
            case 10: return tensor.int32Data.map { Double(Float16(bitPattern: UInt16(truncatingIfNeeded: $0))) }
            case 16: return tensor.int32Data.map { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0) << 16)) }
            default: return tensor.int32Data.map(Double.init)
            }
        }
        return nil
    }

    /// Little-endian `raw_data` of the numeric types.
    static func decodeRaw<Bytes: ContiguousBytes & Collection>(_ data: Bytes, dataType: Int32) -> [Double]? {
        func read<T>(_ type: T.Type, _ convert: (T) -> Double) -> [Double] {
            let count = data.count / MemoryLayout<T>.size
            return data.withUnsafeBytes { raw in
                (0..<count).map { convert(raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
            }
        }
        switch dataType {
        case 1: return read(UInt32.self) { Double(Float(bitPattern: UInt32(littleEndian: $0))) }
        case 11: return read(UInt64.self) { Double(bitPattern: UInt64(littleEndian: $0)) }
        case 10: return read(UInt16.self) { Double(Float16(bitPattern: UInt16(littleEndian: $0))) }
        case 16: return read(UInt16.self) { Double(Float(bitPattern: UInt32(UInt16(littleEndian: $0)) << 16)) }
        case 2, 9: return read(UInt8.self) { Double($0) }
        case 3: return read(Int8.self) { Double($0) }
        case 4: return read(UInt16.self) { Double(UInt16(littleEndian: $0)) }
        case 5: return read(Int16.self) { Double(Int16(littleEndian: $0)) }
        case 6: return read(Int32.self) { Double(Int32(littleEndian: $0)) }
        case 7: return read(Int64.self) { Double(Int64(littleEndian: $0)) }
        case 12: return read(UInt32.self) { Double(UInt32(littleEndian: $0)) }
        case 13: return read(UInt64.self) { Double(UInt64(littleEndian: $0)) }
        default: return nil
        }
    }
}
