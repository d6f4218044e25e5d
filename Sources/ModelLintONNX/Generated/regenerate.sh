#!/usr/bin/env bash
# Regenerates onnx.pb.swift from onnx.proto (copied from the `onnx` pip
# package, version in the header of onnx.proto's copy below). Run it by hand
# after updating onnx.proto; the generated file is committed so that building
# modellint never needs protoc or the swift-protobuf plugin.
#
# Needs: protoc (Debian: protobuf-compiler) and protoc-gen-swift, built from
# the swift-protobuf package of the version Package.swift names:
#   git clone https://github.com/apple/swift-protobuf && cd swift-protobuf
#   git checkout 1.39.0 && swift build -c release --product protoc-gen-swift
# then PROTOC_GEN_SWIFT=/path/to/.build/release/protoc-gen-swift ./regenerate.sh
set -euo pipefail
cd "$(dirname "$0")"
: "${PROTOC_GEN_SWIFT:=$(command -v protoc-gen-swift)}"
protoc --plugin=protoc-gen-swift="$PROTOC_GEN_SWIFT" --swift_out=. --swift_opt=Visibility=Internal onnx.proto
echo "wrote $(pwd)/onnx.pb.swift"
