#!/usr/bin/env python3
"""Writes Caffe files with one field name or one enum value changed, made
from real files that caffe.proto's own text-format parser accepts, and what
that parser says of each: the oracle of ModelLintTests' CaffeParserAgreementTests.

    write_caffe_mutants.py OUT_DIR FILE.prototxt...

caffe.proto is BVLC's, from the brocolli-caffe 9.0.2 sdist, compiled with
grpcio-tools (as Sources/ModelLintCaffe/Generated/generate_fields.py does).
20 mutants per category (seeded): "field" (a letter added to, dropped from
or changed in one field name) and "enum" (the same in one enum value).
OUT_DIR/verdicts.tsv: file, category, accept|reject, the parser's message;
the unchanged sources are listed as category "valid".
"""
import importlib.util
import os
import random
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "..", "..", "..", "Sources", "ModelLintCaffe", "Generated", "generate_fields.py")


def caffe_pb2(folder):
    spec = importlib.util.spec_from_file_location("generate_fields", GENERATOR)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    sys.argv = sys.argv[:1]
    proto = generator.caffe_proto(folder)
    from grpc_tools import protoc
    assert protoc.main(["protoc", "-I" + os.path.dirname(proto), "--python_out=" + folder, proto]) == 0
    spec = importlib.util.spec_from_file_location("caffe_pb2", os.path.join(folder, "caffe_pb2.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def verdict(pb2, text):
    from google.protobuf import text_format
    message = ""
    for kind in (pb2.NetParameter, pb2.SolverParameter):
        try:
            text_format.Parse(text, kind())
            return "accept", ""
        except text_format.ParseError as error:
            message = str(error)
    return "reject", message.replace("\t", " ").replace("\n", " ")[:300]


def mutate_word(word, rng, alphabet):
    position = rng.randrange(len(word))
    choice = rng.randrange(3)
    if choice == 0:
        return word[:position] + rng.choice(alphabet) + word[position:]
    if choice == 1 and len(word) > 2:
        return word[:position] + word[position + 1:]
    return word[:position] + rng.choice(alphabet) + word[position + 1:]


def main():
    out = sys.argv[1]
    sources = sorted(sys.argv[2:])
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261207)
    with tempfile.TemporaryDirectory() as folder:
        pb2 = caffe_pb2(folder)
        texts = {}
        rows = []
        for path in sources:
            text = open(path, encoding="utf-8", errors="replace").read()
            if verdict(pb2, text)[0] == "accept" and "template" not in os.path.basename(path).lower():
                texts[path] = text
                rows.append((os.path.abspath(path), "valid", "accept", ""))
        # Field names before ':' or '{' (not inside strings, which the patterns skip by
        # starting at a line's first word); enum values are upper-case words after ':'.
        patterns = {"field": (re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*[:{]", re.M), "abcdefghijklmnopqrstuvwxyz_"),
                    "enum": (re.compile(r":\s*([A-Z][A-Z0-9_]+)\b"), "ABCDEFGHIJKLMNOPQRSTUVWXYZ_")}
        for category, (pattern, alphabet) in patterns.items():
            made = attempts = 0
            while made < 20 and attempts < 2000:
                attempts += 1
                path = rng.choice(sorted(texts))
                text = texts[path]
                matches = list(pattern.finditer(text))
                if not matches:
                    continue
                match = rng.choice(matches)
                word = match.group(1)
                if word in ("true", "false"):
                    continue
                changed = mutate_word(word, rng, alphabet)
                if changed == word:
                    continue
                mutant = text[:match.start(1)] + changed + text[match.end(1):]
                name = os.path.join(out, "%s_%02d_%s" % (category, made, os.path.basename(path)))
                with open(name, "w", encoding="utf-8") as handle:
                    handle.write(mutant)
                rows.append((name, category) + verdict(pb2, mutant))
                made += 1
    with open(os.path.join(out, "verdicts.tsv"), "w") as table:
        for row in rows:
            table.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
