#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens the files modellint reads (models, the nets a solver names,
/// settings): only regular files, never larger than their limit, and never
/// blocking (a named pipe would wait forever for a writer). Every reader opens
/// through here, so each refusal reads the same.
public enum InputFile {
    public struct Refusal: LocatedError, Sendable {
        public var message: String
        public var location: SourceLocation
    }

    /// Whether anything is at `path`, a dangling or looping symbolic link
    /// included: something there but unreadable is an error to report, not an
    /// absence to look past.
    public static func isPresent(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// The size in bytes of what `path` names (following links), 0 when it
    /// cannot be found out: for ordering work, never for reading.
    public static func size(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    /// An open descriptor on a regular file of at most `maximumBytes`, and its
    /// size; the caller closes it. `kind` names the files the limit is for.
    public static func openRegular(_ path: String, maximumBytes: Int, kind: String) throws(Refusal) -> (descriptor: Int32, size: Int) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw refusal(path, reason(errno: errno)) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = errno
            close(descriptor)
            throw refusal(path, reason(errno: error))
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(descriptor)
            throw refusal(path, type == S_IFDIR ? "a folder, where a file was expected"
                                                : "not a regular file (\(describe(type: type))); modellint reads only regular files")
        }
        let size = Int(status.st_size)
        guard size <= maximumBytes else {
            close(descriptor)
            throw refusal(path, "the file is \(InputLimits.describe(bytes: size)), larger than the \(InputLimits.describe(bytes: maximumBytes + 1)) modellint reads for \(kind)")
        }
        return (descriptor, size)
    }

    /// The whole file, read straight into `[UInt8]` (the form every frontend
    /// parses): one copy of a large model, not two.
    public static func bytes(of path: String, maximumBytes: Int, kind: String) throws(Refusal) -> [UInt8] {
        try bytes(of: path, from: 0, length: nil, maximumBytes: maximumBytes, kind: kind)
    }

    /// `length` bytes of the file from `offset` (to its end when nil or
    /// past it; none when `offset` is past the end).
    public static func bytes(of path: String, from offset: Int, length: Int?, maximumBytes: Int, kind: String) throws(Refusal) -> [UInt8] {
        let (descriptor, size) = try openRegular(path, maximumBytes: maximumBytes, kind: kind)
        defer { close(descriptor) }
        let available = Swift.max(0, size - Swift.max(0, offset))
        let wanted = Swift.min(length ?? available, available)
        var readError: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, count in
            var done = 0
            while done < wanted {
                let got = pread(descriptor, buffer.baseAddress! + done, wanted - done, off_t(offset + done))
                if got < 0 && errno == EINTR { continue }
                if got < 0 { readError = errno }
                guard got > 0 else { break }
                done += got
            }
            count = done
        }
        // A file that shrank while it was read is read as it now is; one that
        // could not be read at all says why.
        if readError != 0 { throw refusal(path, reason(errno: readError)) }
        return bytes
    }

    private static func refusal(_ path: String, _ message: String) -> Refusal {
        Refusal(message: message, location: .startOf(path))
    }

    private static func reason(errno error: Int32) -> String {
        switch error {
        case ENOENT: return "no such file"
        case ELOOP: return "a loop of symbolic links"
        case EACCES, EPERM: return "cannot read the file: permission denied"
        case EISDIR: return "a folder, where a file was expected"
        default: return "cannot read the file: \(String(cString: strerror(error)))"
        }
    }

    private static func describe(type: mode_t) -> String {
        switch type {
        case S_IFIFO: return "a named pipe"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "a special file"
        }
    }
}
