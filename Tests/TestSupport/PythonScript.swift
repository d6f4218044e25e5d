import Foundation

/// Runs `python3` with arguments, for the tests whose oracles are Python
/// scripts (onnx, onnxruntime, protobuf): what it printed, or nil when it
/// could not run or failed (the caller's test is then skipped or fails).
public enum PythonScript {
    public static func output(_ arguments: [String]) -> String? {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3"] + arguments
        let pipe = Pipe()
        python.standardOutput = pipe
        python.standardError = FileHandle.nullDevice
        guard (try? python.run()) != nil else { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        return python.terminationStatus == 0 ? String(decoding: output, as: UTF8.self) : nil
    }
}
