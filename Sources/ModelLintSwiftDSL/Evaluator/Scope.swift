/// The variables visible at one place of the program: a block's own, then
/// its enclosing blocks'. A reference type, because a closure captures the
/// variables of its scope, not their values at the time.
final class Scope {
    private var values: [String: Value] = [:]
    let parent: Scope?

    init(parent: Scope?) {
        self.parent = parent
    }

    func lookup(_ name: String) -> Value? {
        var scope: Scope? = self
        while let current = scope {
            if let value = current.values[name] { return value }
            scope = current.parent
        }
        return nil
    }

    func declare(_ name: String, _ value: Value) {
        values[name] = value
    }

    /// Assigns an existing variable where it is declared; false if none is.
    func assign(_ name: String, _ value: Value) -> Bool {
        var scope: Scope? = self
        while let current = scope {
            if current.values[name] != nil {
                current.values[name] = value
                return true
            }
            scope = current.parent
        }
        return false
    }
}
