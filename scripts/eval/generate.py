#!/usr/bin/env python3
"""Regenerates tests/Matching.Tests/Evaluation/evaluation-set.json: the bulk providers from bulk.py
(fixed seed), the hand-written providers from hand_providers.py and the labelled needs from needs.py.

    python3 scripts/eval/generate.py
"""
import json
import pathlib
import random

from bulk import around_need, gen_funds, gen_microgrants, gen_organisations, gen_volunteers
from hand_providers import HAND
from labels import LABELS
from needs import NEEDS
from places import COUNTY, VILLAGES, village_point

TODAY = "2025-03-10"
SEED = 20250310
ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests/Matching.Tests/Evaluation/evaluation-set.json"

KIND_BASE = {"Volunteer": 10000, "Organisation": 20000, "Fund": 30000, "MicroGrant": 40000}
HAND_BASE = {"Volunteer": 15000, "Organisation": 25000, "Fund": 35000, "MicroGrant": 45000}
FIELDS = {
    "Volunteer": ["kind", "id", "name", "active", "serviceCodes", "home", "lat", "lon", "radiusKm", "capacityLeft",
                  "availability", "skills", "backgroundCheckValidUntil", "description", "record"],
    "Organisation": ["kind", "id", "name", "active", "serviceCodes", "home", "lat", "lon", "serviceArea", "capacityLeft",
                     "description", "record"],
    "Fund": ["kind", "id", "name", "active", "serviceCodes", "home", "serviceArea", "remainingBudgetYuan", "maxPerGrantYuan",
             "eligibleGroups", "description", "record"],
    "MicroGrant": ["kind", "id", "name", "active", "serviceCodes", "home", "serviceArea", "capacityLeft", "eligibleGroups",
                   "activeFrom", "activeUntil", "description", "record"],
}


def counter(base):
    n = [base]

    def next_id():
        n[0] += 1
        return n[0]
    return next_id


CATALOGUE = json.loads((ROOT / "src/Infrastructure/ReferenceData/service-catalogue.json").read_text(encoding="utf-8"))
USUAL = {i["code"]: i["usual_resource_kinds"] for a in CATALOGUE["areas"] for i in a["items"]}


def around_counts(n):
    usual = USUAL[n["item"]]
    return {
        "Volunteer": 5 if "volunteer" in usual else 2,
        "Organisation": 1 if "volunteer" in usual else 2,
        "Fund": 3 if n["amountYuan"] else 0,
        "MicroGrant": 1 if "microgrant" in usual or n["id"] % 3 == 0 else 0,
    }


def providers():
    rng = random.Random(SEED)
    used, team_names, names = set(), set(), set()
    ids = {k: counter(b) for k, b in KIND_BASE.items()}
    out = gen_volunteers(rng, 130, 25, ids["Volunteer"], used, team_names)
    out += gen_organisations(rng, 30, ids["Organisation"], names)
    out += gen_funds(rng, 25, ids["Fund"], names)
    out += gen_microgrants(rng, 40, ids["MicroGrant"], names)
    for n in NEEDS:
        out += around_need(rng, n, ids, used, team_names, names, around_counts(n))
    hand_ids = {k: counter(b) for k, b in HAND_BASE.items()}
    for p in HAND:
        p = dict(p)
        p["id"] = hand_ids[p["kind"]]()
        if p["kind"] in ("Volunteer", "Organisation") and "lat" not in p:
            p["lat"], p["lon"] = village_point(p["home"]) if not p["home"].endswith("000") else (None, None)
        out.append(p)
    return out


def ref(p):
    return f"{p['kind']}:{p['id']}"


def involves_children(n):
    return n["item"].startswith("children.") or any(g in ("ChildInDifficulty", "LeftBehindChild") for g in n["groups"])


def needs():
    out = []
    for n in NEEDS:
        lat, lon = n["location"] or village_point(n["village"])
        out.append({
            "id": n["id"], "item": n["item"], "village": n["village"], "lat": lat, "lon": lon,
            "groups": n["groups"], "title": n["title"], "description": n["description"],
            "slots": n["slots"], "amountYuan": n["amountYuan"], "skills": n["skills"],
            "involvesChildren": involves_children(n), "excluded": n["excluded"],
            "note": LABELS.get(n["id"], ("", {}))[0], "labels": LABELS.get(n["id"], ("", {}))[1],
        })
    return out


def build():
    ps = providers()
    return {
        "about": "郎溪县（341821）五社联动匹配引擎评测集：服务提供方与需求均为虚构，村庄代码与坐标为虚构；"
                 "labels 为社工站社工的人工判断（3 最佳，2 良好，1 可接受）。由 scripts/eval/generate.py 生成。",
        "today": TODAY,
        "county": COUNTY,
        "villages": VILLAGES,
        "providers": [{k: p.get(k) for k in FIELDS[p["kind"]]} for p in ps],
        "needs": needs(),
    }


def dump(data):
    """One village / provider per line, needs indented: readable and diff-friendly."""
    line = lambda o: json.dumps(o, ensure_ascii=False, separators=(", ", ": "))
    parts = ["{"]
    for key in ("about", "today", "county"):
        parts.append(f'  "{key}": {line(data[key])},')
    for key in ("villages", "providers"):
        parts.append(f'  "{key}": [')
        parts.append(",\n".join("    " + line(o) for o in data[key]))
        parts.append("  ],")
    needs_text = json.dumps(data["needs"], ensure_ascii=False, indent=2)
    parts.append('  "needs": ' + needs_text.replace("\n", "\n  "))
    parts.append("}")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    data = build()
    OUT.write_text(dump(data), encoding="utf-8")
    kinds = {}
    for p in data["providers"]:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    labels = sum(len(n["labels"]) for n in data["needs"])
    print(f"{OUT.relative_to(ROOT)}: {len(data['providers'])} providers {kinds}, {len(data['needs'])} needs, {labels} labels")
