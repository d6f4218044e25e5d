#!/usr/bin/env python3
"""Writes ONNX models with one defect each, made from valid models, and what
onnx.checker.check_model(full_check=True) says of each: the oracle of
ModelLintTests' CheckerAgreementTests.

    write_invalid_models.py OUT_DIR MODEL.onnx...

For each category below, PER_CATEGORY models (seeded): a source model and
a node drawn at random, the defect applied, the result saved as
OUT_DIR/<category>_<n>.onnx. OUT_DIR/verdicts.tsv lists file, category,
checker verdict (accept|reject) and the checker's message. The source
models themselves are listed too, as category "valid", so that agreement
is also measured where the checker accepts. Where onnxconverter-common is
installed, category "fp16_conversion" holds every source model and two
attention-style scales (1/sqrt of a dimension read from the shape) converted
with `convert_float_to_float16(model, keep_io_types=True)`, the conversion
that leaves Cast nodes computing float32 into values declared float16.
"""
import os
import random
import sys

import onnx
from onnx import TensorProto, helper

PER_CATEGORY = 20


def unknown_attribute(model, rng):
    node = rng.choice([n for n in model.graph.node if n.domain in ("", "ai.onnx")])
    node.attribute.append(helper.make_attribute("not_an_attribute_%d" % rng.randrange(100), 1))


def extra_input(model, rng):
    # A single-input elementwise op given a second input.
    candidates = [n for n in model.graph.node if n.op_type in ("Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Neg", "Abs")]
    if not candidates:
        return False
    node = rng.choice(candidates)
    node.input.append(node.input[0])


def unknown_operator(model, rng):
    node = rng.choice([n for n in model.graph.node if n.domain in ("", "ai.onnx")])
    node.op_type = node.op_type + rng.choice(["x", "v", "2"])


def integer_input(model, rng):
    # A graph input feeding a float-only op becomes int64.
    consumers = {i for n in model.graph.node if n.op_type in ("Conv", "Relu", "Sigmoid", "Exp", "Log", "Softmax") for i in n.input}
    inputs = [i for i in model.graph.input if i.name in consumers]
    if not inputs:
        return False
    rng.choice(inputs).type.tensor_type.elem_type = TensorProto.INT64


def missing_required_attribute(model, rng):
    candidates = [n for n in model.graph.node if n.op_type in ("Concat", "Cast", "Transpose", "Gather", "Split")
                  and any(a.name in ("axis", "to") for a in n.attribute) and n.op_type in ("Concat", "Cast")]
    if not candidates:
        # Add a Concat whose axis is missing.
        value = model.graph.input[0].name
        model.graph.node.append(helper.make_node("Concat", [value, value], ["concat_without_axis_%d" % rng.randrange(1000)]))
        return None
    node = rng.choice(candidates)
    kept = [a for a in node.attribute if a.name not in ("axis", "to")]
    del node.attribute[:]
    node.attribute.extend(kept)


def kernel_rank(model, rng):
    # One value too many in a windowed operator's kernel_shape or strides.
    candidates = [(n, a) for n in model.graph.node if n.op_type in ("Conv", "AveragePool", "MaxPool")
                  for a in n.attribute if a.name in ("kernel_shape", "strides") and len(a.ints) > 0]
    if not candidates:
        return False
    _, attribute = rng.choice(candidates)
    attribute.ints.append(attribute.ints[0])


def old_ir_version(model, rng):
    # An IR version older than the one the default domain's opset came with.
    model.ir_version = rng.choice([3, 4, 5, 6])


def declared_type_differs(model, rng):
    # A Cast's output declared in value_info with another type than `to`.
    source = model.graph.input[0].name
    out = "declared_cast_%d" % rng.randrange(1000)
    model.graph.node.append(helper.make_node("Cast", [source], [out], to=TensorProto.FLOAT))
    model.graph.value_info.append(helper.make_tensor_value_info(out, TensorProto.FLOAT16, None))


def attribute_type(model, rng):
    # An attribute of the wrong type (INT written as FLOAT, INTS as INT, ...),
    # with no type at all, or with its value in another type's field.
    kinds = {onnx.AttributeProto.INT: "i", onnx.AttributeProto.FLOAT: "f", onnx.AttributeProto.INTS: "ints",
             onnx.AttributeProto.FLOATS: "floats"}
    candidates = [a for n in model.graph.node if n.domain in ("", "ai.onnx") for a in n.attribute if a.type in kinds]
    if not candidates:
        return False
    attribute = rng.choice(candidates)
    how = rng.randrange(3)
    if how == 1:
        attribute.ClearField("type")
        return None
    other = rng.choice([kind for kind in kinds if kind != attribute.type])
    value = [1] if kinds[other] in ("ints", "floats") else 1
    for field in kinds.values():
        attribute.ClearField(field)
    if kinds[other] in ("ints", "floats"):
        getattr(attribute, kinds[other]).extend(value)
    else:
        setattr(attribute, kinds[other], value)
    if how == 0:
        attribute.type = other


def declared_shape_differs(model, rng):
    # A node output declared in value_info with one dimension off by one
    # from the shape onnx's shape inference gives it.
    inferred = onnx.shape_inference.infer_shapes(model)
    declared = {v.name for v in list(model.graph.value_info) + list(model.graph.output)}
    candidates = [v for v in inferred.graph.value_info if v.name not in declared and v.type.HasField("tensor_type")
                  and any(d.HasField("dim_value") and d.dim_value > 0 for d in v.type.tensor_type.shape.dim)]
    if not candidates:
        return False
    value = onnx.ValueInfoProto()
    value.CopyFrom(rng.choice(candidates))
    dims = [d for d in value.type.tensor_type.shape.dim if d.HasField("dim_value") and d.dim_value > 0]
    rng.choice(dims).dim_value += 1
    model.graph.value_info.append(value)


CATEGORIES = {
    "unknown_attribute": unknown_attribute,
    "extra_input": extra_input,
    "unknown_operator": unknown_operator,
    "integer_input": integer_input,
    "missing_required_attribute": missing_required_attribute,
    "old_ir_version": old_ir_version,
    "kernel_rank": kernel_rank,
    "declared_type_differs": declared_type_differs,
    "attribute_type": attribute_type,
    "declared_shape_differs": declared_shape_differs,
}


def attention_scale(index):
    """x / sqrt(float(shape(x)[index])), the scale exporters write for attention."""
    import numpy as np
    from onnx import numpy_helper
    nodes = [helper.make_node("Shape", ["x"], ["shape"]),
             helper.make_node("Gather", ["shape", "index"], ["dim"], axis=0),
             helper.make_node("Cast", ["dim"], ["dim_float"], to=TensorProto.FLOAT),
             helper.make_node("Sqrt", ["dim_float"], ["root"]),
             helper.make_node("Div", ["x", "root"], ["y"])]
    graph = helper.make_graph(nodes, "attention_scale_%d" % index,
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 8])],
                              [numpy_helper.from_array(np.array(index, np.int64), "index")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def fp16_conversions(models):
    try:
        from onnxconverter_common import float16
    except ImportError:
        return []
    converted = []
    for model in [m for _, m in models] + [attention_scale(0), attention_scale(1)]:
        try:
            converted.append(float16.convert_float_to_float16(model, keep_io_types=True))
        except Exception:
            continue
    return converted


def verdict(model):
    try:
        onnx.checker.check_model(model, full_check=True)
        return "accept", ""
    except Exception as error:  # the checker's own exceptions and shape inference's
        return "reject", str(error).replace("\t", " ").replace("\n", " ")[:300]


def main():
    out, sources = sys.argv[1], sorted(sys.argv[2:])
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261207)
    models = [(path, onnx.load(path, load_external_data=False)) for path in sources]
    rows = []
    for path, model in models:
        rows.append((os.path.abspath(path), "valid") + verdict(model))
    for category, mutate in CATEGORIES.items():
        made = 0
        attempts = 0
        while made < PER_CATEGORY and attempts < PER_CATEGORY * 20:
            attempts += 1
            _, source = rng.choice(models)
            model = onnx.ModelProto()
            model.CopyFrom(source)
            if mutate(model, rng) is False:
                continue
            name = os.path.join(out, "%s_%02d.onnx" % (category, made))
            onnx.save(model, name)
            rows.append((name, category) + verdict(model))
            made += 1
    for index, model in enumerate(fp16_conversions(models)):
        name = os.path.join(out, "fp16_conversion_%02d.onnx" % index)
        onnx.save(model, name)
        rows.append((name, "fp16_conversion") + verdict(model))
    with open(os.path.join(out, "verdicts.tsv"), "w") as table:
        for row in rows:
            table.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
