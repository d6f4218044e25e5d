import Testing
@testable import ModelLintONNX

/// No input crashes the parser: random bytes, mutations of real documents and
/// every truncation either parse into a consistent tree or fail with an
/// offset inside the file.
@Suite("Positioned JSON: robustness")
struct JSONRobustnessTests {
    static let sample = Array(#"""
    {"irVersion": "8", "graph": {"node": [{"input": ["x", "w"], "output": ["y"], "opType": "Conv",
      "attribute": [{"name": "pads", "ints": ["1", "1"], "type": "INTS"}, {"name": "alpha", "f": 0.5e-3}]},
      {"opType": "If", "attribute": [{"name": "then_branch", "g": {"node": []}}], "docString": "\u00e9\n\"\uD83D\uDE00"}],
      "initializer": [{"dims": ["2"], "dataType": 1, "floatData": [1.5, -2, 0, 1e10], "rawData": "AAAA/+8="}],
      "flags": [true, false, null, {}, [], [[]]]}}
    """#.utf8)

    /// Characters that make random input look like JSON often enough to get
    /// past the first byte.
    static let alphabet = Array(#"{}[]:,"\ 0123456789-+.eEtrufalsnNI/u"#.utf8) + [0x0A, 0x09, 0xC3, 0xA9, 0xF0, 0x9F, 0xED]

    /// Checks what a successful parse promises: every range lies inside its
    /// parent's, strings decode, numbers are digits.
    func checkTree(_ node: JSONNode, _ bytes: [UInt8], inside outer: Range<Int>) {
        #expect(node.range.lowerBound >= outer.lowerBound && node.range.upperBound <= outer.upperBound)
        #expect(!node.range.isEmpty)
        switch node.value {
        case .object(let members):
            #expect(bytes[node.range.lowerBound] == UInt8(ascii: "{") && bytes[node.range.upperBound - 1] == UInt8(ascii: "}"))
            for member in members {
                #expect(member.keyRange.upperBound <= member.value.range.lowerBound)
                #expect(node.range.contains(member.keyRange.lowerBound))
                checkTree(member.value, bytes, inside: node.range)
            }
        case .array(let elements):
            #expect(bytes[node.range.lowerBound] == UInt8(ascii: "[") && bytes[node.range.upperBound - 1] == UInt8(ascii: "]"))
            for element in elements { checkTree(element, bytes, inside: node.range) }
        case .string(let ref):
            #expect(ref.range == (node.range.lowerBound + 1)..<(node.range.upperBound - 1))
            _ = ref.decode(from: bytes)
        case .number(let literal):
            #expect(literal == node.range)
            #expect(Double(String(decoding: bytes[literal], as: UTF8.self)) != nil)
        case .bool, .null:
            break
        }
    }

    /// Parses and checks; returns whether the input was accepted.
    @discardableResult
    func survive(_ bytes: [UInt8]) -> Bool {
        do {
            let root = try PositionedJSON.parse(bytes)
            checkTree(root, bytes, inside: 0..<bytes.count)
            _ = ONNXJSONLayout(root: root, bytes: bytes)
            return true
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count, "\(bytes)")
            #expect(!error.message.isEmpty)
            return false
        }
    }

    @Test func theSampleParses() {
        #expect(survive(Self.sample))
    }

    @Test func randomBytes() {
        var random = SeededRandom(seed: 0x5EED_0001)
        var accepted = 0
        for _ in 0..<4000 {
            let length = Int.random(in: 0...64, using: &random)
            let bytes = (0..<length).map { _ -> UInt8 in
                Int.random(in: 0..<10, using: &random) < 8
                    ? Self.alphabet.randomElement(using: &random)!
                    : UInt8.random(in: 0...255, using: &random)
            }
            if survive(bytes) { accepted += 1 }
        }
        // Random input is almost never JSON; the point is that none crashed.
        #expect(accepted < 4000)
    }

    @Test func mutationsOfARealDocument() {
        var random = SeededRandom(seed: 0x5EED_0002)
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = Self.sample
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                let byte = Int.random(in: 0..<2, using: &random) == 0
                    ? Self.alphabet.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                case 2: bytes.remove(at: at)
                case 3: bytes.removeSubrange(at...)
                default:
                    let end = min(bytes.count, at + Int.random(in: 1...20, using: &random))
                    bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &random))
                }
                if bytes.isEmpty { bytes = [byte] }
            }
            if survive(bytes) { accepted += 1 }
        }
        // Some mutations land in whitespace or string contents and keep the document valid.
        #expect(accepted > 0 && accepted < 3000)
    }

    /// Every proper prefix of an object is incomplete; the ones that stop
    /// between tokens are reported at the end of the file.
    @Test func everyTruncation() {
        for cut in 0..<Self.sample.count {
            let prefix = Array(Self.sample[..<cut])
            let error = jsonError(prefix)
            #expect(error != nil, "prefix of \(cut) bytes parsed")
            #expect((error?.offset ?? -1) <= cut)
        }
    }
}
