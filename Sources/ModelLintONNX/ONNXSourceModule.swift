/// The PyTorch module an exported node came from (`encoder.layer3.conv1`),
/// read from what `torch.onnx.export` writes, so that a finding names the
/// module the user wrote and not only the exporter's node name (`node_log`).
///
/// - The dynamo exporter (torch 2.5+) writes `metadata_props` on each node:
///   `pkg.torch.onnx.name_scopes`, a Python list of the module paths from the
///   root down to the op (`['', 'encoder', 'encoder.conv1', 'conv2d']`), and
///   `namespace`, the same as `name: class` pairs joined by `/`.
/// - The TorchScript exporter records nothing but the node's name, made of
///   the scopes: `/layer1/layer1.0/conv1/Conv`.
///
/// The last scope is always the op itself; the module is the one before it.
/// An op of the root module has no path, and gives nil.
enum ONNXSourceModule {
    static func path<Node: ONNXNodeFields>(of node: Node) -> String? {
        var nameScopes: String?, namespace: String?
        for entry in node.metadataProps {
            switch entry.key {
            case "pkg.torch.onnx.name_scopes": nameScopes = entry.value
            case "namespace": namespace = entry.value
            default: break
            }
        }
        if let nameScopes { return nonEmpty(fromNameScopes(nameScopes)) }
        if let namespace { return nonEmpty(fromNamespace(namespace)) }
        if node.name.hasPrefix("/") { return nonEmpty(fromScopedName(node.name)) }
        return nil
    }

    /// `['', 'encoder', 'encoder.conv1', 'conv2d']` → `encoder.conv1`: the
    /// quoted items of a Python list's repr, less the last.
    static func fromNameScopes(_ repr: String) -> String? {
        var items: [String] = []
        var current: String?
        var quote: Character = "'"
        var escaped = false
        for character in repr {
            if var item = current {
                if escaped {
                    item.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == quote {
                    items.append(item)
                    current = nil
                    continue
                } else {
                    item.append(character)
                }
                current = item
            } else if character == "'" || character == "\"" {
                quote = character
                current = ""
            }
        }
        return items.count >= 2 ? items[items.count - 2] : nil
    }

    /// `: __main__.M/encoder: __main__.Inner/log: aten.log.default` → `encoder`.
    static func fromNamespace(_ namespace: String) -> String? {
        let scopes = namespace.split(separator: "/", omittingEmptySubsequences: false)
        guard scopes.count >= 2 else { return nil }
        let module = scopes[scopes.count - 2]
        return String(module.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0])
    }

    /// `/layer1/layer1.0/conv1/Conv` → `layer1.0.conv1`: a scope is either a
    /// child's name or the child's whole dotted path.
    static func fromScopedName(_ name: String) -> String? {
        // On UTF-8 bytes: a TorchScript export names every node this way, and
        // building a String per scope cost a tenth of reading the model.
        let bytes = Array(name.utf8)
        var path: [UInt8] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
            defer { start = index + 1 }
            let scope = bytes[start..<index]
            guard !scope.isEmpty else { continue }
            if path.isEmpty || (scope.starts(with: path) && scope.count > path.count && scope[scope.startIndex + path.count] == UInt8(ascii: ".")) {
                path = Array(scope)
            } else {
                path.append(UInt8(ascii: "."))
                path.append(contentsOf: scope)
            }
        }
        return String(decoding: path, as: UTF8.self)
    }

    private static func nonEmpty(_ path: String?) -> String? {
        guard let path, !path.isEmpty else { return nil }
        return path
    }
}
