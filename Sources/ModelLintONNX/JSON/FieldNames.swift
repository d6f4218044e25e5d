/// The member names of one protobuf message in JSON, and the fields they
/// name: protobuf JSON accepts a field under its lowerCamelCase JSON name
/// (`opType`) and under its proto name (`op_type`).
///
/// A lookup compares raw bytes, with no `String` built: it runs for every
/// member of every object of a model. The names sit in one buffer, checked
/// by length first, which rules out most of a message's dozen names at once.
struct FieldNames<Field: RawRepresentable<Int> & Sendable>: Sendable {
    private let names: [UInt8]
    private let entries: [(start: Int, count: Int, field: Field)]

    /// `(JSON name, proto name, field)`; the two names may be the same.
    init(_ fields: [(json: String, proto: String, field: Field)]) {
        var names: [UInt8] = []
        var entries: [(start: Int, count: Int, field: Field)] = []
        for (json, proto, field) in fields {
            for name in json == proto ? [json] : [json, proto] {
                entries.append((names.count, name.utf8.count, field))
                names += name.utf8
            }
        }
        self.names = names
        self.entries = entries
    }

    /// The field a member name stands for, or nil if the message has none by that name.
    func field(named key: UnsafeBufferPointer<UInt8>) -> Field? {
        names.withUnsafeBufferPointer { names in
            entries.withUnsafeBufferPointer { entries in
                for entry in entries where entry.count == key.count {
                    var k = 0
                    while k < key.count, names[entry.start + k] == key[k] { k += 1 }
                    if k == key.count { return entry.field }
                }
                return nil
            }
        }
    }
}
