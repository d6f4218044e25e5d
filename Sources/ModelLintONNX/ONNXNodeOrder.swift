/// ONNX requires a graph's nodes in topological order, and a cycle makes a
/// model meaningless. onnxruntime sorts an unsorted graph itself; modellint
/// reads it in the same dependency order, and refuses a cycle with its path.
enum ONNXNodeOrder {
    enum Outcome: Equatable {
        /// Every node after the nodes whose outputs it reads, otherwise in file order.
        case sorted([Int])
        /// Node indices around a cycle, each reading an output of the next, the first repeated last.
        case cycle([Int])
    }

    /// `defined` are the names the graph has before any node runs (inputs,
    /// initializers, values of enclosing graphs): reading one depends on no node.
    static func order(_ nodes: [(inputs: [String], outputs: [String])], defined: Set<String>) -> Outcome {
        var producer: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for output in node.outputs where !output.isEmpty && !defined.contains(output) && producer[output] == nil {
                producer[output] = index
            }
        }
        let dependencies = nodes.map { node in node.inputs.compactMap { defined.contains($0) ? nil : producer[$0] } }

        // Depth-first, iteratively (a crafted chain must not exhaust the stack),
        // visiting nodes in file order so that a sorted graph keeps its order.
        enum Mark { case unvisited, inProgress, done }
        var marks = [Mark](repeating: .unvisited, count: nodes.count)
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        for root in nodes.indices where marks[root] == .unvisited {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            marks[root] = .inProgress
            while let top = stack.last {
                let deps = dependencies[top.node]
                if top.next < deps.count {
                    stack[stack.count - 1].next += 1
                    let dependency = deps[top.next]
                    switch marks[dependency] {
                    case .done: continue
                    case .inProgress:
                        // The path from `dependency` to here, closed.
                        let start = stack.firstIndex { $0.node == dependency }!
                        return .cycle(stack[start...].map(\.node) + [dependency])
                    case .unvisited:
                        marks[dependency] = .inProgress
                        stack.append((dependency, 0))
                    }
                } else {
                    marks[top.node] = .done
                    order.append(top.node)
                    stack.removeLast()
                }
            }
        }
        return .sorted(order)
    }
}
