#!/usr/bin/env python3
"""Runs ONNX models in onnxruntime with every node output exposed, and writes
what each tensor held: the oracle of ModelLintTests' corpus soundness test.

    run_onnxruntime.py [--samples N] [--big-model-samples M] [--seed S] OUT.json MODEL.onnx...

For each model it picks a range per graph input (floats [-1, 1], integers
[0, 9], booleans [0, 1]), draws N samples inside it (uniform, then every
element at one end or the other at random, then all at the low end, all at the
high end, then uniform again; only M for models of more than 20M weights, to
keep the run short), runs them, and writes per node output the
smallest and largest value seen (NaN aside), the same over finite values only,
whether NaN was seen, and how many values were seen (a tensor that held no
value at all, an empty slice, is left out). Numbers are written as
Python's repr of the double ("inf", "-inf", "1.5"), which reads back exactly.

Initializers stored without their data (the corpus's `.noweights` models) get
random values of their dims and type; the linter sees them as unknown, so any
values are fair. onnxruntime runs with graph optimizations off, each node as
the model states it. A model that cannot be run is written with "skipped" and the
reason, never left out silently. Needs onnx, numpy and onnxruntime.
"""
import argparse
import json
import sys

import numpy as np
import onnx
from onnx import helper

import onnxruntime as ort

FLOAT_RANGE = (-1.0, 1.0)
INT_RANGE = (0, 9)


def has_data(tensor):
    return bool(tensor.raw_data or tensor.float_data or tensor.int32_data or tensor.int64_data
                or tensor.double_data or tensor.uint64_data or tensor.string_data or tensor.external_data)


def missing_weights(model, rng):
    """Random values for the initializers stored without data, which are
    taken out of the model (to be fed as inputs: a big model is then never
    serialized again). Weights get a fan-in scaled normal (activations stay
    moderate), drawn from one pool of a million values that big tensors
    repeat (drawing 100M values would take seconds); a BatchNormalization
    variance gets positive values."""
    variances = {n.input[4] for n in model.graph.node if n.op_type == "BatchNormalization" and len(n.input) > 4}
    pool = rng.standard_normal(1_000_003).astype(np.float32)
    weights = {}
    for tensor in model.graph.initializer:
        if has_data(tensor) or not tensor.dims:
            continue
        dims = list(tensor.dims)
        dtype = helper.tensor_dtype_to_np_dtype(tensor.data_type)
        if not np.issubdtype(dtype, np.floating):
            raise ValueError(f"initializer {tensor.name} of type {dtype} has no data")
        fan_in = int(np.prod(dims[1:])) if len(dims) > 1 else 1
        if tensor.name in variances:
            values = rng.uniform(0.5, 1.5, dims)
        else:
            values = np.resize(pool, dims) * np.float32(np.sqrt(2.0 / max(fan_in, 1)))
        weights[tensor.name] = np.ascontiguousarray(values, dtype=dtype)
        model.graph.input.append(helper.make_tensor_value_info(tensor.name, tensor.data_type, dims))
    for index in reversed(range(len(model.graph.initializer))):
        if model.graph.initializer[index].name in weights:
            del model.graph.initializer[index]
    return weights


def expose_all_outputs(model):
    """Adds every node output as a graph output, typed where shape inference
    knows the type and untyped otherwise (onnxruntime infers those)."""
    try:
        inferred = onnx.shape_inference.infer_shapes(model)
        types = {v.name: v for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
    except Exception:  # untyped outputs still work
        types = {}
    existing = {o.name for o in model.graph.output}
    names, seen = [], set()
    for node in model.graph.node:
        for name in node.output:
            if not name or name in seen:
                continue
            names.append(name)
            seen.add(name)
            if name in existing:
                continue
            info = onnx.ValueInfoProto()
            if name in types and types[name].type.HasField("tensor_type"):
                info.CopyFrom(types[name])
            else:
                info.name = name
            model.graph.output.append(info)
    return names


def input_ranges(session, weights):
    ranges = {}
    for info in session.get_inputs():
        if info.name in weights:
            continue
        t = info.type
        if t in ("tensor(float)", "tensor(double)", "tensor(float16)"):
            ranges[info.name] = ("float", FLOAT_RANGE, {"tensor(float)": np.float32, "tensor(double)": np.float64,
                                                        "tensor(float16)": np.float16}[t])
        elif t in ("tensor(int64)", "tensor(int32)"):
            ranges[info.name] = ("int", INT_RANGE, np.int64 if t == "tensor(int64)" else np.int32)
        elif t == "tensor(bool)":
            ranges[info.name] = ("bool", (0, 1), np.bool_)
        else:
            raise ValueError(f"input {info.name} has type {t}, which this oracle does not sample")
    return ranges


def concrete_shape(info):
    # A symbolic or unknown dim becomes 1: the smallest valid size.
    return [d if isinstance(d, int) and d > 0 else 1 for d in info.shape]


def sample(kind, bounds, dtype, shape, index, rng):
    lo, hi = bounds
    if kind == "bool":
        return rng.integers(0, 2, shape).astype(np.bool_)
    mode = ["uniform", "ends", "low", "high"][index] if index < 4 else "uniform"
    if mode == "low":
        return np.full(shape, lo, dtype)
    if mode == "high":
        return np.full(shape, hi, dtype)
    if mode == "ends":
        return np.where(rng.integers(0, 2, shape) == 1, hi, lo).astype(dtype)
    if kind == "int":
        return rng.integers(lo, hi + 1, shape).astype(dtype)
    return rng.uniform(lo, hi, shape).astype(dtype)


class Observed:
    def __init__(self):
        self.lo, self.hi = np.inf, -np.inf
        self.finite_lo, self.finite_hi = np.inf, -np.inf
        self.nan = False
        self.count = 0

    def add(self, array):
        if array.dtype == np.bool_:
            array = array.astype(np.int8)
        if not np.issubdtype(array.dtype, np.number) or array.size == 0:
            return
        self.count += array.size
        # min and max in the array's own dtype are exact; NaN propagates through them.
        lo, hi = array.min(), array.max()
        if np.issubdtype(array.dtype, np.floating) and (np.isnan(lo) or np.isinf(lo) or np.isinf(hi)):
            values = array.ravel()
            nans = np.isnan(values)
            self.nan = self.nan or bool(nans.any())
            values = values[~nans]
            if values.size == 0:
                return
            lo, hi = values.min(), values.max()
            finite = values[np.isfinite(values)]
            flo, fhi = (finite.min(), finite.max()) if finite.size else (np.inf, -np.inf)
        else:
            flo, fhi = lo, hi
        # Every fp32/fp16/int32 value is a double exactly; int64 past 2^53 is not, but shape values never are.
        self.lo, self.hi = min(self.lo, float(lo)), max(self.hi, float(hi))
        self.finite_lo, self.finite_hi = min(self.finite_lo, float(flo)), max(self.finite_hi, float(fhi))

    def json(self):
        return {"lo": repr(self.lo), "hi": repr(self.hi), "finiteLo": repr(self.finite_lo),
                "finiteHi": repr(self.finite_hi), "nan": self.nan, "count": self.count}


BIG_MODEL_WEIGHTS = 20_000_000


def run_model(path, samples, big_model_samples, seed):
    rng = np.random.default_rng(seed)
    model = onnx.load(path)
    weights = missing_weights(model, rng)
    names = expose_all_outputs(model)
    options = ort.SessionOptions()
    # Each node as the model states it: a fused kernel would hide the values between ops.
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    ranges = input_ranges(session, weights)
    shapes = {info.name: concrete_shape(info) for info in session.get_inputs()}
    wanted = set(names)
    outputs = [o.name for o in session.get_outputs() if o.name in wanted]
    observed = {name: Observed() for name in outputs}
    weight_count = sum(int(np.prod(t.dims)) for t in model.graph.initializer) + sum(w.size for w in weights.values())
    if weight_count > BIG_MODEL_WEIGHTS:
        samples = min(samples, big_model_samples)
    for index in range(samples):
        sample_rng = np.random.default_rng([seed, index])
        feed = {name: sample(kind, bounds, dtype, shapes[name], index, sample_rng)
                for name, (kind, bounds, dtype) in ranges.items()}
        feed.update(weights)
        for name, value in zip(outputs, session.run(outputs, feed)):
            if isinstance(value, np.ndarray):
                observed[name].add(value)
    return {
        "inputs": {name: {"lo": repr(float(b[0])), "hi": repr(float(b[1]))} for name, (_, b, _) in ranges.items()},
        "filledInitializers": len(weights),
        "samples": samples,
        "tensors": {name: o.json() for name, o in observed.items() if o.count > 0},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--big-model-samples", type=int, default=2,
                        help=f"samples for models of more than {BIG_MODEL_WEIGHTS} weights")
    parser.add_argument("out")
    parser.add_argument("models", nargs="+")
    args = parser.parse_args()
    results = []
    for path in args.models:
        try:
            result = run_model(path, args.samples, args.big_model_samples, args.seed)
        except Exception as error:  # reported, not hidden: the test prints every skip
            result = {"skipped": f"{type(error).__name__}: {error}".splitlines()[0][:300]}
        result["path"] = path
        results.append(result)
    with open(args.out, "w") as out:
        json.dump({"onnxruntime": ort.__version__, "models": results}, out, indent=1)


if __name__ == "__main__":
    sys.exit(main())
