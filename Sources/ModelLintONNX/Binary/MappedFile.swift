import Foundation
import ModelLintIR
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A binary model's file mapped into memory, read-only, as `Data` that
/// unmaps it when the last slice of it goes. Reading a 100 MB model with
/// `read` spent more time copying it and zeroing fresh pages for the copy
/// than the whole analysis; a mapping shares the page cache's pages.
enum MappedFile {
    static func contents(of path: String) throws -> Data {
        let (descriptor, size) = try InputFile.openRegular(path, maximumBytes: InputLimits.maximumModelFileBytes,
                                                           kind: "ONNX models (larger weights belong in external data files)")
        defer { close(descriptor) }
        guard size > 0 else { return Data() }
        #if canImport(Glibc)
        let flags = MAP_PRIVATE | MAP_POPULATE   // the whole file is walked: fault it in at once
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let address = mmap(nil, size, PROT_READ, flags, descriptor, 0), address != MAP_FAILED else {
            throw cannotRead(path)
        }
        return Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, count in munmap(pointer, count) })
    }

    private static func cannotRead(_ path: String) -> ONNXReadError {
        ONNXReadError(message: "cannot read the file", location: .startOf(path))
    }
}
