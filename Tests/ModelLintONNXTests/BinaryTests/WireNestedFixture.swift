import Foundation

/// A 1036-byte model with every place a node can sit: the main graph, both
/// branches of an `If`, a `Loop` body holding another `If`, a custom node
/// with a list of graphs (attribute `graphs`), and a model-local function.
/// Written once with onnx 1.23.2 (`onnx.helper`, `SerializeToString`), by:
///
///     branch = lambda name, out, op: h.make_graph([h.make_node(op, ['x'], [out], name=name + '_' + op.lower())],
///                                                 name, [], [h.make_tensor_value_info(out, T.FLOAT, [2])])
///     then_g = branch('then', 'y_then', 'Relu')
///     else_g = graph 'else': Neg 'else_neg' (x -> t), Abs 'else_abs' (t -> y_else)
///     body   = graph 'body': Identity 'body_cond', If 'inner_if' (then: branch('ithen', 'v1', 'Exp'),
///              else: branch('ielse', 'v2', 'Log')), Add 'body_add'
///     nodes  = Greater 'gt', ReduceMin 'cond' (keepdims=0), If 'top_if' (then_g, else_g), Loop 'loop' (body),
///              custom.Branches 'multi' (branches=[branch('b0', 'w0', 'Sin'), branch('b1', 'w1', 'Cos')]),
///              local.Twice 'call'
///     function local.Twice: Add 'fn_add', Relu 'fn_relu'
///     graph 'nested', one initializer 'zero'; opsets '' 17, local 1, custom 1; producer 'modellint-wire-fixture'
///
/// The byte ranges the tests expect were checked with Python: each decodes
/// with `onnx.NodeProto.FromString` to the node of that name.
let wireNestedFixture: [UInt8] = Array(Data(base64Encoded: """
    CA4SFm1vZGVsbGludC13aXJlLWZpeHR1cmU6hgcKGgoBeAoEemVybxICYzAaAmd0IgdHcmVhdGVy
    CikKAmMwEgFjGgRjb25kIglSZWR1Y2VNaW4qDwoIa2VlcGRpbXMYAKABAgrDAQoBYxIBeRoGdG9w
    X2lmIgJJZiphCgtlbHNlX2JyYW5jaDJPChUKAXgSAXQaCGVsc2VfbmVnIgNOZWcKGgoBdBIGeV9l
    bHNlGghlbHNlX2FicyIDQWJzEgRlbHNlYhQKBnlfZWxzZRIKCggIARIECgIIAqABBSpMCgt0aGVu
    X2JyYW5jaDI6ChwKAXgSBnlfdGhlbhoJdGhlbl9yZWx1IgRSZWx1EgR0aGVuYhQKBnlfdGhlbhIK
    CggIARIECgIIAqABBQqAAwoBbgoBYwoBeRIBehoEbG9vcCIETG9vcCrlAgoEYm9keTLZAgooCgdj
    b25kX2luEghjb25kX291dBoJYm9keV9jb25kIghJZGVudGl0eQqgAQoBYxIBdhoIaW5uZXJfaWYi
    AklmKkQKC2Vsc2VfYnJhbmNoMjIKFwoBeBICdjIaCWllbHNlX2xvZyIDTG9nEgVpZWxzZWIQCgJ2
    MhIKCggIARIECgIIAqABBSpECgt0aGVuX2JyYW5jaDIyChcKAXgSAnYxGglpdGhlbl9leHAiA0V4
    cBIFaXRoZW5iEAoCdjESCgoICAESBAoCCAKgAQUKIwoGYWNjX2luCgF2EgdhY2Nfb3V0Gghib2R5
    X2FkZCIDQWRkEgRib2R5WgsKAWkSBgoECAcSAFoRCgdjb25kX2luEgYKBAgJEgBaFAoGYWNjX2lu
    EgoKCAgBEgQKAggCYhIKCGNvbmRfb3V0EgYKBAgJEgBiFQoHYWNjX291dBIKCggIARIECgIIAqAB
    BQqKAQoBehIBdxoFbXVsdGkiCEJyYW5jaGVzKmkKCGJyYW5jaGVzWiwKFAoBeBICdzAaBmIwX3Np
    biIDU2luEgJiMGIQCgJ3MBIKCggIARIECgIIAlosChQKAXgSAncxGgZiMV9jb3MiA0NvcxICYjFi
    EAoCdzESCgoICAESBAoCCAKgAQo6BmN1c3RvbQocCgF3EgNvdXQaBGNhbGwiBVR3aWNlOgVsb2Nh
    bBIGbmVzdGVkKhAIARABIgQAAAAAQgR6ZXJvWg8KAXgSCgoICAESBAoCCAJaCwoBbhIGCgQIBxIA
    YhEKA291dBIKCggIARIECgIIAkIECgAQEUIJCgVsb2NhbBABQgoKBmN1c3RvbRABygFJCgVUd2lj
    ZSIBYSoBYjoWCgFhCgFhEgFzGgZmbl9hZGQiA0FkZDoVCgFzEgFiGgdmbl9yZWx1IgRSZWx1SgQK
    ABARUgVsb2NhbA==
    """, options: .ignoreUnknownCharacters)!)
