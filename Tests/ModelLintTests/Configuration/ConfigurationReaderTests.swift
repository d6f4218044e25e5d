import ModelLintIR
import Testing
@testable import ModelLint

private func read(_ yaml: String) throws(ConfigurationError) -> Configuration {
    try ConfigurationReader.read(yaml: yaml, path: "dir/.modellint.yml")
}

/// The problems a broken configuration gives, as `line:column: message`.
private func problems(_ yaml: String) -> [String] {
    do {
        _ = try read(yaml)
        return []
    } catch {
        return error.problems.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }
}

@Suite("Configuration reader")
struct ConfigurationReaderTests {
    @Test func rangesAreReadInBothSpellings() throws {
        let configuration = try read("""
            input-ranges:
              x: "0:1"
              y: [-1, 2.5]
              data: -300:300
              minutes: 1:30
              positive: [0, .inf]
              any: "-inf:inf"
              "name with spaces": [1e-3, 1E3]
            """)
        #expect(configuration.inputRanges == [
            "x": 0...1, "y": -1...2.5, "data": -300...300,
            "minutes": 1...30,    // not YAML 1.1's sexagesimal 90: the text is read as written
            "positive": 0...Double.infinity, "any": -Double.infinity...Double.infinity,
            "name with spaces": 0.001...1000,
        ])
        #expect(configuration.path == "dir/.modellint.yml")
        #expect(configuration.weightBound == nil && configuration.precision == nil)
    }

    @Test func weightBoundAndPrecisionAreRead() throws {
        let configuration = try read("weight-bound: 10\nprecision: float16\n")
        #expect(configuration.weightBound == 10)
        #expect(configuration.precision == .float16)
        for (name, type) in [("bfloat16", DType.bfloat16), ("BF16", .bfloat16), ("fp16", .float16), ("half", .float16)] {
            #expect(try read("precision: \(name)").precision == type)
        }
        #expect(try read("weight-bound: 0").weightBound == 0)
    }

    @Test func anEmptyFileSetsNothing() throws {
        #expect(try read("") == Configuration(path: "dir/.modellint.yml"))
        #expect(try read("# nothing yet\n") == Configuration(path: "dir/.modellint.yml"))
        #expect(try read("---\n...\n") == Configuration(path: "dir/.modellint.yml"))
    }

    @Test func badRangesPointAtTheirValue() {
        #expect(problems("input-ranges:\n  x: \"3:1\"\n") == ["2:6: input-ranges: 'x' has LO 3 above HI 1"])
        #expect(problems("input-ranges:\n  x: [0, .nan]\n") == ["2:6: input-ranges: 'x' has a NaN bound; a bound is a number (or -inf, inf)"])
        #expect(problems("input-ranges:\n  x: [0, 1, 2]\n")
                == ["2:6: input-ranges: 'x' expects a range \"LO:HI\" or [LO, HI], with two numbers, not a list of 3"])
        #expect(problems("input-ranges:\n  x: [0, one]\n")
                == ["2:10: input-ranges: 'x' expects a range \"LO:HI\" or [LO, HI]: a bound is a number, not 'one'"])
        #expect(problems("input-ranges:\n  x: 0-1\n") == ["2:6: input-ranges: 'x' expects a range \"LO:HI\" or [LO, HI], not '0-1'"])
        #expect(problems("input-ranges:\n  x:\n") == ["2:5: input-ranges: 'x' expects a range \"LO:HI\" or [LO, HI], not an empty value"])
        #expect(problems("input-ranges: [x, y]\n")
                == ["1:15: input-ranges is a map from tensor name to range (x: \"0:1\" or x: [0, 1]), not a list"])
    }

    @Test func columnsCountBytesLikeEveryOtherLocation() {
        // "é" is one column for YAML and two bytes for a SourceLocation.
        #expect(problems("input-ranges: {é: \"1:0\"}") == ["1:20: input-ranges: 'é' has LO 1 above HI 0"])
    }

    @Test func badScalarsPointAtTheirValue() {
        #expect(problems("weight-bound: -1") == ["1:15: weight-bound expects a finite number >= 0, not '-1'"])
        #expect(problems("weight-bound: .inf") == ["1:15: weight-bound expects a finite number >= 0, not '.inf'"])
        #expect(problems("weight-bound: [1]") == ["1:15: weight-bound expects a finite number >= 0, not a list"])
        #expect(problems("precision: float32") == ["1:12: precision expects float16 or bfloat16, not 'float32'"])
    }

    @Test func anUnknownKeyIsNamedWithTheKnownOnes() {
        #expect(problems("colour: red")
                == ["1:1: unknown key 'colour'; the known keys are input-ranges, weight-bound, precision, thresholds, select, ignore, severity, exclude, per-file-ignores"])
        #expect(problems("weight-bound: 1\nprecison: fp16\n")
                == ["2:1: unknown key 'precison'; did you mean 'precision'? the known keys are input-ranges, weight-bound, precision, thresholds, select, ignore, severity, exclude, per-file-ignores"])
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        let found = problems("""
            input-ranges:
              x: "1:0"
              y: [0, 1]
            weight-bound: lots
            colour: red
            """)
        #expect(found.map { String($0.prefix(5)) } == ["2:6: ", "4:15:", "5:1: "], "\(found)")
    }

    @Test func invalidYAMLIsReportedWhereLibyamlStopped() {
        let found = problems("input-ranges:\n  x: [0, 1\nprecision: float16\n")
        #expect(found.count == 1 && found[0].hasPrefix("3:10: invalid YAML: did not find expected ',' or ']'"), "\(found)")
        let tab = problems("input-ranges:\n\tx: \"0:1\"\n")
        #expect(tab.count == 1 && tab[0].hasPrefix("2:1: invalid YAML: found character that cannot start any token"), "\(tab)")
        #expect(problems("precision: fp16\nprecision: bf16\n") == ["1:1: 'precision' is given more than once in the same map"])
        #expect(problems("- input-ranges\n") == ["1:1: a configuration is a map of keys (input-ranges, weight-bound, precision, thresholds, select, ignore, severity, exclude, per-file-ignores), not a list"])
    }

    @Test func theKnownKeysComeFromOneTable() {
        #expect(ConfigurationReader.knownKeys == ["input-ranges", "weight-bound", "precision", "thresholds",
                                                "select", "ignore", "severity", "exclude", "per-file-ignores"])
        #expect(EditDistance.between("precison", "precision") == 1)
        #expect(EditDistance.between("", "abc") == 3)
        #expect(EditDistance.between("kitten", "sitting") == 3)
    }
}
