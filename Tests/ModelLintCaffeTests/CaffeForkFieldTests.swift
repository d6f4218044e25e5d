import Foundation
import ModelLintIR
import Testing
@testable import ModelLintCaffe

/// Nets written for Caffe forks (SSD, SegNet, R-FCN, TSN, ...): what the fork
/// protos published on PyPI define is read and noted once, never an error;
/// the blocks of a layer type BVLC Caffe lacks are the fork's to judge; a
/// typo stays an error wherever the table knows the message.
@Suite("Caffe forks' fields")
struct CaffeForkFieldTests {
    /// The schema findings of a net, as (severity, line, message).
    func violations(_ text: String) throws -> [(severity: Severity?, line: Int, message: String)] {
        let graph = try #require(try load(text).graphs.first)
        return graph.schemaViolations.filter { $0.kind == .operatorUse }.map { ($0.severity, $0.location?.line ?? 0, $0.message) }
    }

    static let ssdData = """
        name: "ssd"
        layer { name: "data" type: "Data" top: "data" top: "label"
          transform_param { mirror: true
            resize_param { prob: 1 resize_mode: WARP height: 300 width: 300 interp_mode: LINEAR } }
          data_param { source: "train_lmdb" batch_size: 8 backend: LMDB } }
        layer { name: "data2" type: "Data" top: "data2"
          transform_param { resize_param { prob: 1 resize_mode: WARP height: 300 width: 300 } }
          data_param { source: "val_lmdb" batch_size: 8 backend: LMDB } }
        """

    @Test func ssdsResizeParameterIsOneNoteNamingItsFieldsAndNoError() throws {
        let found = try violations(Self.ssdData)
        #expect(found.count == 1, "\(found)")
        let note = try #require(found.first)
        #expect(note.severity == .note && note.line == 4)
        #expect(note.message.contains("TransformationParameter.resize_param") && note.message.contains("ResizeParameter.resize_mode")
                && note.message.contains("X2Paddle"), "\(note.message)")
    }

    @Test func aTypoInsideAForksMessageIsStillAnError() throws {
        let found = try violations(Self.ssdData.replacingOccurrences(of: "resize_mode: WARP height: 300 width: 300 interp_mode", with: "resize_mode: WARP heigth: 300 width: 300 interp_mode"))
        let errors = found.filter { $0.severity == nil }
        #expect(errors.count == 1 && errors.first?.line == 4 && errors.first?.message.contains("did you mean 'height'") == true, "\(found)")
    }

    @Test func aForkLayerTypesBlockIsTheForksToJudgeOncePerField() throws {
        // SegNet's BN layer: BVLC's caffe.proto has a BNParameter without these fields.
        let found = try violations("""
            name: "segnet"
            input: "data"
            input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
            layer { name: "bn1" type: "BN" bottom: "data" top: "bn1"
              bn_param { scale_filler { type: "constant" value: 1 } shift_filler { type: "constant" value: 0.001 } bn_mode: INFERENCE } }
            layer { name: "bn2" type: "BN" bottom: "bn1" top: "bn2"
              bn_param { scale_filler { type: "constant" value: 1 } shift_filler { type: "constant" value: 0.001 } bn_mode: INFERENCE } }
            """)
        #expect(found.allSatisfy { $0.severity == .note }, "\(found)")
        #expect(found.count == 3 && found.allSatisfy { $0.line == 5 && $0.message.contains("'BN' is a fork's layer type") }, "\(found)")
    }

    @Test func theSameTyposInABVLCLayerAreErrors() throws {
        let found = try violations("""
            name: "bvlc"
            input: "data"
            input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
            layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
              convolution_param { num_output: 4 kernel_size: 3 weight_filer { type: "xavier" } } }
            """)
        #expect(found.map(\.severity) == [nil] && found.first?.message.contains("did you mean 'weight_filler'") == true, "\(found)")
    }

    @Test func aMisspeltV1LayerTypeIsAnErrorEvenThoughItNamesNoBVLCType() throws {
        let found = try violations("""
            name: "v1"
            input: "data"
            input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8
            layers { name: "relu" type: RELUU bottom: "data" top: "data" }
            """)
        #expect(found.map(\.severity) == [nil] && found.first?.message.contains("did you mean 'RELU'") == true, "\(found)")
    }

    @Test func aForksEnumValueIsNoted() throws {
        // R-FCN's PRE_FIXED normalization, in a loss BVLC Caffe has.
        let found = try violations("""
            name: "rfcn"
            input: "a"
            input_shape { dim: 1 dim: 2 }
            input: "b"
            input_shape { dim: 1 }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "a" bottom: "b" top: "loss"
              loss_param { normalization: PRE_FIXED pre_fixed_normalizer: 128 } }
            """)
        #expect(found.count == 1 && found.first?.severity == .note, "\(found)")
        #expect(found.first?.message.contains("LossParameter.normalization = PRE_FIXED") == true
                && found.first?.message.contains("LossParameter.pre_fixed_normalizer") == true, "\(found)")
    }
}
