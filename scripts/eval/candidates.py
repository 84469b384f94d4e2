#!/usr/bin/env python3
"""Lists, for each need of the evaluation set, the providers that pass every hard rule, with the facts a
social worker weighs (distance, locality, skills, time, record, load) and their texts. A labelling aid:
it restates src/Matching/Engine/HardRules.cs in Python; the C# test EvaluationSetTests checks the labels
against the real rules.

    python3 scripts/eval/candidates.py            # counts per need
    python3 scripts/eval/candidates.py 14 22      # full candidate lists of needs 14 and 22
"""
import json
import pathlib
import sys

from places import distance_km

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = json.loads((ROOT / "tests/Matching.Tests/Evaluation/evaluation-set.json").read_text(encoding="utf-8"))
TODAY = DATA["today"]


def prefix(code):
    """DivisionCode.Prefix: the significant digits of a 12-digit code."""
    for keep in (2, 4, 6, 9):
        if set(code[keep:]) == {"0"}:
            return code[:keep]
    return code


def serves(codes, item):
    return item in codes or item.split(".")[0] in codes


def bits(slots):
    return {(d, p) for d, ps in (slots or {}).items() for p in ps}


def violation(n, p):
    if not p["active"]:
        return "NotActive"
    if f"{p['kind']}:{p['id']}" in n["excluded"]:
        return "DeclinedBefore"
    if not serves(p["serviceCodes"], n["item"]):
        return "ServiceNotOffered"
    if p["kind"] == "Volunteer":
        if distance_km((n["lat"], n["lon"]), (p["lat"], p["lon"])) > p["radiusKm"]:
            return "OutsideServiceArea"
    elif not any(n["village"].startswith(prefix(a)) for a in p["serviceArea"]):
        return "OutsideServiceArea"
    if p.get("capacityLeft") is not None and p["capacityLeft"] <= 0:
        return "NoCapacity"
    if p["kind"] == "Fund":
        a = n["amountYuan"]
        if not a or a <= 0 or a > p["remainingBudgetYuan"] or a > p["maxPerGrantYuan"]:
            return "BudgetInsufficient"
    if p.get("eligibleGroups") and not set(p["eligibleGroups"]) & set(n["groups"]):
        return "GroupNotEligible"
    if n["slots"] and p.get("availability") and not bits(n["slots"]) & bits(p["availability"]):
        return "NoAvailabilityOverlap"
    if n["involvesChildren"] and p["kind"] == "Volunteer" and (not p["backgroundCheckValidUntil"] or p["backgroundCheckValidUntil"] < TODAY):
        return "NoBackgroundCheck"
    if (p.get("activeFrom") and TODAY < p["activeFrom"]) or (p.get("activeUntil") and TODAY > p["activeUntil"]):
        return "OutsidePeriod"
    return None


def eligible(n):
    return [p for p in DATA["providers"] if violation(n, p) is None]


def facts(n, p):
    r = p["record"]
    avg = f"{r['ratingSum'] / r['ratingCount']:.1f}" if r["ratingCount"] else "-"
    rec = f"接{r['accepted']}/完{r['completed']} 评{avg}({r['ratingCount']}) 负载{r['currentLoad']} 近推{r['recentProposals']}"
    if p["kind"] == "Volunteer":
        d = distance_km((n["lat"], n["lon"]), (p["lat"], p["lon"]))
        loc = "同村" if p["home"] == n["village"] else ("同镇" if p["home"][:9] == n["village"][:9] else "外镇")
        ov = len(bits(n["slots"]) & bits(p["availability"])) if n["slots"] and p["availability"] else "-"
        extra = f"{d:.1f}km/{p['radiusKm']:.0f} {loc} 余{p['capacityLeft']} 时段重合{ov} 技能{','.join(p['skills'])} 证{p['backgroundCheckValidUntil'] or '无'}"
    else:
        area = ",".join("县" if a.endswith("000000") else a[6:] for a in p["serviceArea"])
        loc = "同村" if p["home"] == n["village"] else ("同镇" if p["home"][:9] == n["village"][:9] else ("县级" if p["home"].endswith("000000") else "外镇"))
        extra = f"{loc} 范围{area}"
        if p.get("capacityLeft") is not None:
            extra += f" 余{p['capacityLeft']}"
        if p["kind"] == "Fund":
            extra += f" 余额{p['remainingBudgetYuan']} 上限{p['maxPerGrantYuan']}"
        if p.get("eligibleGroups"):
            extra += " 对象" + ",".join(g[:6] for g in p["eligibleGroups"])
        if p["kind"] == "MicroGrant":
            extra += f" {p['activeFrom']}~{p['activeUntil']}"
    return f"{p['kind'][:3]}:{p['id']} {p['name']} [{','.join(p['serviceCodes'])}] {extra} | {rec}\n      {p['description']}"


if __name__ == "__main__":
    wanted = {int(a) for a in sys.argv[1:]}
    for n in DATA["needs"]:
        es = eligible(n)
        if not wanted:
            kinds = {}
            for p in es:
                kinds[p["kind"][:3]] = kinds.get(p["kind"][:3], 0) + 1
            print(f"{n['id']:3} {n['item']:32} {len(es):3} {kinds} labels={len(n['labels'])}")
            continue
        if n["id"] not in wanted:
            continue
        print(f"\n=== {n['id']} {n['item']} {n['village']} {n['groups']} 金额{n['amountYuan']} 技能{n['skills']} 时段{list(n['slots'])} 儿童{n['involvesChildren']}")
        print(f"    {n['title']}：{n['description']}")
        for p in es:
            mark = n["labels"].get(f"{p['kind']}:{p['id']}", "")
            print(f"  {mark or ' '} {facts(n, p)}")
