#!/usr/bin/env python3
"""Compares the real servers' table with the engine's and with the recorded one.

Reads tools/reality/scenarios.toml, test-output/reality/real.json (tools/reality/driver.py)
and test-output/reality/engine.json (examples/reality_engine.rs), both of the form
{"cells": [{"stack", "event", "outcome", "detail"}, ...]}; a cell that is not there is "n/a".

Prints, per stack, the events side by side (real, engine, recorded) with every differing cell
marked, writes the same tables as Markdown, and fails when
  (a) a real cell differs from the engine's and the pair is not a [[difference]] of
      scenarios.toml (stack, event, real, engine, reason), or
  (b) a real cell differs from [recorded].
The last line is `reality: N passed, M failed` (N cells equal or listed as intended, M not).

    compare.py [--scenarios FILE] [--real FILE] [--engine FILE] [--table FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "test-output", "reality")
NA = "n/a"


def load_cells(path, what):
    """(cells by (stack, event), the whole document); a missing file is an empty table."""
    try:
        with open(path) as f:
            doc = json.load(f)
    except FileNotFoundError:
        print(f"compare: no {what} table at {path}: every {what} cell is n/a", file=sys.stderr)
        return {}, {}
    except json.JSONDecodeError as err:
        print(f"compare: {path} is not JSON ({err}): every {what} cell is n/a", file=sys.stderr)
        return {}, {}
    cells = {}
    for c in doc.get("cells", []):
        cells[(c["stack"], c["event"])] = c
    return cells, doc


def applies(event, stack_id):
    a = event.get("applies", "all")
    return a == "all" or stack_id in a


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenarios", default=os.path.join(HERE, "scenarios.toml"))
    ap.add_argument("--real", default=os.path.join(OUT, "real.json"))
    ap.add_argument("--engine", default=os.path.join(OUT, "engine.json"))
    ap.add_argument("--table", default=os.path.join(OUT, "table.md"))
    args = ap.parse_args()

    with open(args.scenarios, "rb") as f:
        sc = tomllib.load(f)
    stacks = sc["stack"]
    events = sc["event"]
    recorded = sc.get("recorded", {})
    listed = {}
    for d in sc.get("difference", []):
        listed[(d["stack"], d["event"], d["real"], d["engine"])] = d.get("reason", "")
    real, real_doc = load_cells(args.real, "real")
    engine, _ = load_cells(args.engine, "engine")

    # A run limited to some stacks or events (tools/reality/run --stack ...) is compared there only.
    scope = real_doc.get("scope", {})
    in_stacks = set(scope.get("stacks") or [s["id"] for s in stacks])
    in_events = set(scope.get("events") or [e["id"] for e in events])

    passed = failed = 0
    used_differences = set()
    text = []
    md = ["# Reality suite: real servers, engine, recorded", ""]
    if real_doc.get("seconds") is not None:
        md.append(f"Real run: {real_doc['seconds']} s. Versions: "
                  + ", ".join(f"{k} {v}" for k, v in sorted(real_doc.get("versions", {}).items())) + ".")
        md.append("")
    md.append("Marks: **≠ engine** (not listed), *listed* (an intended difference, reason below), "
              "**≠ recorded**. A missing cell is n/a.")
    md.append("")

    for stack in stacks:
        sid = stack["id"]
        if sid not in in_stacks:
            continue
        rows = []
        for ev in events:
            eid = ev["id"]
            if eid not in in_events:
                continue
            key = (sid, eid)
            r = real.get(key, {}).get("outcome", NA)
            e = engine.get(key, {}).get("outcome", NA)
            rec = recorded.get(sid, {}).get(eid, NA)
            if not applies(ev, sid) and r == NA and e == NA and rec == NA:
                continue
            marks = []
            ok = True
            if r != e:
                lk = (sid, eid, r, e)
                if lk in listed:
                    marks.append("listed")
                    used_differences.add(lk)
                else:
                    marks.append("≠ engine")
                    ok = False
            if r != rec:
                marks.append("≠ recorded")
                ok = False
            if ok:
                passed += 1
            else:
                failed += 1
            rows.append((eid, r, e, rec, marks, real.get(key, {}).get("detail", "")))
        if not rows:
            continue
        w = [max(len(x[i]) for x in rows + [("event", "real", "engine", "recorded")]) for i in range(4)]
        text.append("")
        text.append(f"{sid}: {stack.get('title', '')}")
        text.append(f"  {'event':<{w[0]}}  {'real':<{w[1]}}  {'engine':<{w[2]}}  {'recorded'}")
        for eid, r, e, rec, marks, _ in rows:
            flag = f"  <- {', '.join(marks)}" if marks else ""
            text.append(f"  {eid:<{w[0]}}  {r:<{w[1]}}  {e:<{w[2]}}  {rec:<{w[3]}}{flag}".rstrip())
        md.append(f"## {sid}")
        md.append("")
        md.append(f"{stack.get('title', '')}")
        md.append("")
        md.append("| event | real | engine | recorded | mark | what the real server did |")
        md.append("|---|---|---|---|---|---|")
        for eid, r, e, rec, marks, detail in rows:
            mark = ", ".join(f"*{m}*" if m == "listed" else f"**{m}**" for m in marks)
            detail = detail.replace("|", "\\|").replace("\n", " ")
            md.append(f"| {eid} | {r} | {e} | {rec} | {mark} | {detail} |")
        md.append("")

    notes = []
    for err in real_doc.get("errors", []):
        notes.append(f"not played: {err['stack']} / {err['event']}: {err['error']}")
    if listed:
        md.append("## Intended differences (scenarios.toml [[difference]])")
        md.append("")
        for (sid, eid, r, e), reason in listed.items():
            md.append(f"- {sid} / {eid}: real {r}, engine {e}: {reason}")
            if sid in in_stacks and eid in in_events and (sid, eid, r, e) not in used_differences:
                notes.append(f"listed difference no longer seen: {sid} / {eid} (real {r}, engine {e})")
        md.append("")
    if notes:
        md.append("## Notes")
        md.append("")
        md.extend(f"- {n}" for n in notes)
        md.append("")

    md.append(f"reality: {passed} passed, {failed} failed")
    os.makedirs(os.path.dirname(os.path.abspath(args.table)), exist_ok=True)
    with open(args.table, "w") as f:
        f.write("\n".join(md) + "\n")

    for line in text:
        print(line)
    print("")
    for n in notes:
        print(f"note: {n}")
    print(f"tables: {args.table}")
    print(f"reality: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
