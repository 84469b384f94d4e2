#!/usr/bin/env python3
"""Trim the Elasticsearch 8.17 OpenAPI description to what the adapter uses.

Reads the full description (default /work/shared/elasticsearch/openapi-8.17.json) and writes
tests/Infrastructure.Tests/Elasticsearch/Api/openapi-subset.json with

  * the operations listed in OPERATIONS (request body and 200 response only; references to
    #/components/requestBodies/* and #/components/responses/* are inlined),
  * every #/components/schemas/* entry they reference, transitively, plus _types:ErrorResponseBase,
    under their original names so that every "$ref" stays valid,

and copies the matching rest-api-spec/*.json files next to it. Parameters are dropped: the tests
check bodies, not query strings. Descriptions are kept.

Usage: python3 scripts/elasticsearch/extract-api.py [OPENAPI_JSON] [--out DIR]
Standard library only; the output is deterministic (same input, same bytes).
"""
import argparse
import json
import os
import re
import shutil
import sys

DEFAULT_INPUT = "/work/shared/elasticsearch/openapi-8.17.json"
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO_ROOT, "tests", "Infrastructure.Tests", "Elasticsearch", "Api")

# operationId -> (method, path template) expected in the description; the check guards against a
# newer description renumbering the variants.
OPERATIONS = {
    "indices-create": ("put", "/{index}"),
    "indices-delete": ("delete", "/{index}"),
    "indices-exists": ("head", "/{index}"),
    "indices-get-alias-1": ("get", "/_alias/{name}"),
    "indices-update-aliases": ("post", "/_aliases"),
    "indices-refresh": ("post", "/_refresh"),
    "indices-refresh-1": ("get", "/_refresh"),
    "indices-refresh-2": ("post", "/{index}/_refresh"),
    "indices-refresh-3": ("get", "/{index}/_refresh"),
    "bulk": ("post", "/_bulk"),
    "bulk-1": ("put", "/_bulk"),
    "bulk-2": ("post", "/{index}/_bulk"),
    "bulk-3": ("put", "/{index}/_bulk"),
    "search": ("get", "/_search"),
    "search-1": ("post", "/_search"),
    "search-2": ("get", "/{index}/_search"),
    "search-3": ("post", "/{index}/_search"),
    "count": ("post", "/_count"),
    "count-1": ("get", "/_count"),
    "count-2": ("post", "/{index}/_count"),
    "count-3": ("get", "/{index}/_count"),
    "index": ("put", "/{index}/_doc/{id}"),
    "delete": ("delete", "/{index}/_doc/{id}"),
    "get": ("get", "/{index}/_doc/{id}"),
    "cluster-health": ("get", "/_cluster/health"),
    "cluster-health-1": ("get", "/_cluster/health/{index}"),
    "info": ("get", "/"),
}

# The error body, and the schemas that the test validator's relaxations (ElasticsearchApi.cs) refer to.
EXTRA_SCHEMAS = [
    "_types:ErrorResponseBase",
    "_types:GeoLocation", "_types:FieldValue", "_types:SortOrder", "_types:SortMode",
    "_types:NestedSortValue", "_types.aggregations:Missing", "_global.get:GetResult",
    "_types:WriteResponseBase", "indices.get_alias:IndexAliases",
]

# rest-api-spec files of the same APIs (those absent from the shared copy are reported, not fatal).
REST_API_SPEC = [
    "bulk", "cluster.health", "count", "delete", "get", "index", "indices.create",
    "indices.delete", "indices.exists", "indices.get_alias", "indices.refresh",
    "indices.update_aliases", "info", "search",
]

HTTP_METHODS = ("get", "put", "post", "delete", "head", "patch", "options")
SCHEMA_PREFIX = "#/components/schemas/"


def resolve(doc, ref, kind):
    prefix = "#/components/%s/" % kind
    if not ref.startswith(prefix):
        sys.exit("unexpected reference %s" % ref)
    return doc["components"][kind][ref[len(prefix):]]


def refs_in(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref)
        for value in node.values():
            refs_in(value, found)
    elif isinstance(node, list):
        for value in node:
            refs_in(value, found)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", nargs="?", default=DEFAULT_INPUT)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()

    with open(args.input, encoding="utf-8") as f:
        doc = json.load(f)

    by_id = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in HTTP_METHODS and isinstance(op, dict) and "operationId" in op:
                by_id[op["operationId"]] = (method, path, op)

    paths = {}
    for op_id, (method, path) in OPERATIONS.items():
        if op_id not in by_id:
            sys.exit("operationId %s not found" % op_id)
        found_method, found_path, op = by_id[op_id]
        if (found_method, found_path) != (method, path):
            sys.exit("%s is %s %s, expected %s %s" % (op_id, found_method, found_path, method, path))
        trimmed = {k: op[k] for k in ("tags", "summary", "operationId") if k in op}
        body = op.get("requestBody")
        if body is not None:
            if "$ref" in body:
                body = resolve(doc, body["$ref"], "requestBodies")
            trimmed["requestBody"] = body
        response = op["responses"]["200"]
        if "$ref" in response:
            response = resolve(doc, response["$ref"], "responses")
        trimmed["responses"] = {"200": response}
        paths.setdefault(path, {})[method] = trimmed

    # Transitive closure over schema references.
    pending = set()
    refs_in(paths, pending)
    pending.update(SCHEMA_PREFIX + name for name in EXTRA_SCHEMAS)
    schemas = {}
    while pending:
        ref = pending.pop()
        if not ref.startswith(SCHEMA_PREFIX):
            sys.exit("unexpected reference %s" % ref)
        name = ref[len(SCHEMA_PREFIX):]
        if name in schemas:
            continue
        schemas[name] = doc["components"]["schemas"][name]
        more = set()
        refs_in(schemas[name], more)
        pending.update(r for r in more if r[len(SCHEMA_PREFIX):] not in schemas)

    # Keep the source's order for paths and schemas (stable, diff-friendly output).
    ordered_paths = {p: {m: paths[p][m] for m in HTTP_METHODS if m in paths[p]}
                     for p in doc["paths"] if p in paths}
    ordered_schemas = {n: schemas[n] for n in doc["components"]["schemas"] if n in schemas}

    info = dict(doc.get("info", {}))
    version = info.get("version") or re.sub(r"^openapi-?|\.json$", "", os.path.basename(args.input))
    info["x-trimmed"] = ("Subset of the Elasticsearch %s API description (%s): %d operations, %d schemas. "
                         "Generated by scripts/elasticsearch/extract-api.py; do not edit by hand."
                         % (version, os.path.basename(args.input), len(OPERATIONS), len(ordered_schemas)))
    subset = {
        "openapi": doc["openapi"],
        "info": info,
        "paths": ordered_paths,
        "components": {"schemas": ordered_schemas},
    }

    os.makedirs(args.out, exist_ok=True)
    target = os.path.join(args.out, "openapi-subset.json")
    with open(target, "w", encoding="utf-8", newline="\n") as f:
        json.dump(subset, f, indent=1, ensure_ascii=False)
        f.write("\n")

    spec_in = os.path.join(os.path.dirname(os.path.abspath(args.input)), "rest-api-spec")
    spec_out = os.path.join(args.out, "rest-api-spec")
    os.makedirs(spec_out, exist_ok=True)
    copied, missing = [], []
    for name in REST_API_SPEC:
        source = os.path.join(spec_in, name + ".json")
        if os.path.exists(source):
            shutil.copyfile(source, os.path.join(spec_out, name + ".json"))
            copied.append(name)
        else:
            missing.append(name)

    print("%s: %d paths, %d operations, %d schemas, %d bytes"
          % (target, len(ordered_paths), len(OPERATIONS), len(ordered_schemas), os.path.getsize(target)))
    print("rest-api-spec copied: %s" % ", ".join(copied))
    if missing:
        print("rest-api-spec not in %s: %s" % (spec_in, ", ".join(missing)))


if __name__ == "__main__":
    main()
