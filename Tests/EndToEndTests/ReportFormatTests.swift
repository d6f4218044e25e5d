import Foundation
import Testing

@Suite("--format, -o and the report files")
struct ReportFormatTests {
    let faulty = "Examples/caffe/faulty_pooling.prototxt"

    func contents(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// faulty_pooling with its pooling layer renamed to XML markup plus an ESC sequence.
    func hostileModel(in folder: URL) throws -> URL {
        let evil = "p<o&o\\\"l'1\u{1B}[2J"
        let source = try String(contentsOfFile: Modellint.packageRoot.appendingPathComponent(faulty).path, encoding: .utf8)
            .replacingOccurrences(of: "\"pool1\"", with: "\"\(evil)\"")
        let url = folder.appendingPathComponent("hostile.prototxt")
        try source.write(to: url, atomically: false, encoding: .utf8)
        return url
    }

    @Test(.enabled(if: JUnitValidator.isAvailable, "needs MODELLINT_SHARED, xmllint and junitparser for tools/validate-junit"))
    func junitReportValidates() throws {
        let folder = try Modellint.temporaryFolder()
        let report = folder.appendingPathComponent("lint.xml")
        let run = try Modellint.run([faulty, "Examples/caffe/broken.prototxt", "Examples/caffe/lenet_solver.prototxt",
                                     "--format", "junit:\(report.path)"])
        #expect(run.status == 2, "a broken file is still exit 2")
        #expect(run.stdout.contains("could not be read"), "text still goes to standard output: \(run.stdout)")
        let xml = try String(contentsOf: report, encoding: .utf8)
        #expect(xml.contains("name=\"ML201 pool-stride-exceeds-kernel\""))
        #expect(xml.contains("<error message=\"'kernel_size' expects an integer, found 'three'\""), "\(xml)")
        let validation = try JUnitValidator.validate(report)
        #expect(validation.status == 0, "\(validation.output)")
        #expect(validation.output.contains("ok \(report.path)"))
        #expect(validation.output.contains("failures=1 errors=1"), "\(validation.output)")
    }

    @Test(.enabled(if: JUnitValidator.isAvailable, "needs MODELLINT_SHARED, xmllint and junitparser for tools/validate-junit"))
    func hostileNamesStayValidXML() throws {
        let folder = try Modellint.temporaryFolder()
        let model = try hostileModel(in: folder)
        let report = folder.appendingPathComponent("lint.xml")
        let run = try Modellint.run([model.path, "--format", "junit:\(report.path)"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let xml = try String(contentsOf: report, encoding: .utf8)
        #expect(xml.contains("in layer 'p&lt;o&amp;o\"l'1␛[2J'"), "\(xml)")
        #expect(!xml.contains("\u{1B}"))
        let validation = try JUnitValidator.validate(report)
        #expect(validation.status == 0, "\(validation.output)")
    }

    @Test func githubAnnotations() throws {
        let run = try Modellint.run(["--format", "github", faulty])
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 1, "\(run.stdout)")
        #expect(lines[0].hasPrefix("::error file=\(faulty),line=29,col=5,endLine=29,endColumn=13,"
                                   + "title=ML201 pool-stride-exceeds-kernel::pooling stride 5 exceeds kernel 3"), "\(lines[0])")
        #expect(lines[0].contains("%0Ain layer 'pool1'%0A"))
    }

    @Test func githubAnnotationsCarryNoEscapeSequenceFromTheModel() throws {
        let folder = try Modellint.temporaryFolder()
        let run = try Modellint.run(["--format", "github", try hostileModel(in: folder).path])
        #expect(run.status == 1)
        #expect(!run.stdout.contains("\u{1B}"))
        #expect(run.stdout.contains("in layer 'p<o&o\"l'1␛[2J'"), "\(run.stdout)")
    }

    @Test func twoFormatsAtOnceWithTextOnStandardOutput() throws {
        let folder = try Modellint.temporaryFolder()
        let junit = folder.appendingPathComponent("lint.xml"), github = folder.appendingPathComponent("annotations.txt")
        let run = try Modellint.run([faulty, "--format", "junit:\(junit.path)", "--format", "github:\(github.path)"])
        #expect(run.status == 1)
        #expect(run.stdout.hasSuffix("1 finding (1 error) in 1 file\n"), "\(run.stdout)")
        #expect(try String(contentsOf: junit, encoding: .utf8).contains("<testsuites"))
        #expect(try String(contentsOf: github, encoding: .utf8).hasPrefix("::error file="))
        #expect(try contents(of: folder) == ["annotations.txt", "lint.xml"], "no temporary file is left behind")
    }

    @Test func plainFormatGoesToDashOAlongsideTheOthers() throws {
        let folder = try Modellint.temporaryFolder()
        let text = folder.appendingPathComponent("lint.txt"), junit = folder.appendingPathComponent("lint.xml")
        try "old report, longer than the new one would be if it were only partly overwritten\n".write(to: text, atomically: false, encoding: .utf8)
        let run = try Modellint.run([faulty, "--format", "github", "-o", text.path, "--format", "junit:\(junit.path)"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let written = try String(contentsOf: text, encoding: .utf8)
        #expect(written.hasPrefix("::error file=") && !written.contains("old report"), "replaced whole: \(written)")
        #expect(try contents(of: folder) == ["lint.txt", "lint.xml"], "no temporary file is left behind")
    }

    @Test func aFailedWriteIsExitTwoAndLeavesNoTemporaryFile() throws {
        let folder = try Modellint.temporaryFolder()
        // A folder where the report should go: the rename onto it fails.
        let blocker = folder.appendingPathComponent("lint.xml")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
        try "x".write(to: blocker.appendingPathComponent("keep"), atomically: false, encoding: .utf8)
        let run = try Modellint.run([faulty, "--format", "junit:\(blocker.path)"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot replace"), "\(run.stderr)")
        #expect(try contents(of: folder) == ["lint.xml"])
    }

    @Test func neverOverwritesAModelWithAFormatFileTarget() throws {
        let folder = try Modellint.temporaryFolder()
        let model = folder.appendingPathComponent("net.prototxt")
        try FileManager.default.copyItem(at: Modellint.packageRoot.appendingPathComponent(faulty), to: model)
        let before = try Data(contentsOf: model)
        for arguments in [["--format", "junit:\(model.path)", model.path],
                          ["--format", "github:\(model.path)", folder.path],
                          ["-o", model.path, "--format", "junit:\(folder.path)/ok.xml", model.path]] {
            let run = try Modellint.run(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.contains("would overwrite the model"), "\(run.stderr)")
        }
        #expect(try Data(contentsOf: model) == before)
        #expect(try contents(of: folder) == ["net.prototxt"])
    }

    @Test func usageErrors() throws {
        let unknown = try Modellint.run(["--format", "yaml", faulty])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown format 'yaml'; available: text, junit, github"), "\(unknown.stderr)")
        let unknownFile = try Modellint.run(["--format", "yaml:out.yaml", faulty])
        #expect(unknownFile.status == 2)
        let twoPlain = try Modellint.run(["--format", "text", "--format", "github", faulty])
        #expect(twoPlain.status == 2)
        #expect(twoPlain.stderr.contains("give the others as --format F:FILE"), "\(twoPlain.stderr)")
        let sameFile = try Modellint.run(["--format", "junit:x.xml", "--format", "github:./x.xml", faulty])
        #expect(sameFile.status == 2)
        #expect(sameFile.stderr.contains("two reports would be written"), "\(sameFile.stderr)")
    }

    @Test func quietAndNoColor() throws {
        let clean = try Modellint.run(["--quiet", "Examples/caffe/lenet_solver.prototxt"])
        #expect(clean.status == 0)
        #expect(clean.stdout.isEmpty, "\(clean.stdout)")
        let findings = try Modellint.run(["--quiet", faulty])
        #expect(findings.status == 1)
        #expect(findings.stdout.contains("[ML201]") && !findings.stdout.contains("in 1 file"), "\(findings.stdout)")
        let noColor = try Modellint.run(["--color", "always", "--no-color", faulty])
        #expect(!noColor.stdout.contains("\u{1B}["))
    }
}
