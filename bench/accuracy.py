#!/usr/bin/env python3
"""Score an export of parsed articles against a truth.tsv.

  accuracy.py EXPORT.jsonl TRUTH.tsv [--show-errors N]

EXPORT is JSON lines with the fields path, id, title, date
("YYYY-MM-DDThh:mm:ssZ" or null), source, countries (upper- or lower-case
ISO alpha-2 codes) and topics (as `newsindex --export` or
bench/parse-dump print them). TRUTH is make-corpus's truth.tsv: columns
path, id, date, source, countries, topics, title.

Matching. A single-article file matches on its path. A feed item's truth
path is "feeds/wire-00000.rss#<NEWID>" while our id is
"feeds/wire-00000.rss#<guid>" with guid "reuters-<NEWID>": both are keyed
as (file path, the number at the end of the part after '#'); an item
whose id has no trailing number is keyed on the whole id.

Figures: documents in export vs truth rows, missing and extra ids; among
matched articles: date correct to the day, source (exact, case-insensitive),
exact title; countries micro precision/recall/F1 over articles that have
gold countries; and the share of articles with any Reuters topic code
(all of them economic) that carry topic "economy", and the same for the
macro-economic codes alone.
"""
import argparse
import json
import re
import sys

# Reuters-21578's TOPICS codes are all economic: corporate news (earn, acq),
# money and macro figures (money-fx, interest, trade, gnp, ...) and
# commodities (crude, grain, sugar, ...). Issue #4 counts every article
# carrying any of them ("earn, acq, money-fx, crude, grain, trade,
# interest, ..."); MACRO_TOPICS is the narrower macro-economic subset,
# reported as well.
MACRO_TOPICS = {
    "gnp", "gdp", "cpi", "wpi", "ipi", "bop", "trade", "money-fx", "money-supply",
    "interest", "jobs", "reserves", "retail", "income", "housing", "instal-debt",
    "lei", "cpu", "inventories", "capacity", "stg", "dlr", "yen", "dmk",
}

TRAIL_NUM = re.compile(r"(\d+)$")


def key_of(path_or_id):
    """(file, item) for an id or truth path; item None for whole files."""
    if "#" not in path_or_id:
        return (path_or_id, None)
    f, item = path_or_id.split("#", 1)
    m = TRAIL_NUM.search(item)
    return (f, m.group(1) if m else item)


def norm_title(s):
    return re.sub(r"\s+", " ", (s or "").strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("export")
    ap.add_argument("truth")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N",
                    help="print up to N examples of each kind of error")
    args = ap.parse_args()

    truth = {}
    with open(args.truth, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if not line.strip():
                continue
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            truth[key_of(row["path"])] = row

    export = {}
    dup = 0
    with open(args.export, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            k = key_of(d.get("id") or d.get("path"))
            if k in export:
                dup += 1
            export[k] = d

    matched = [k for k in truth if k in export]
    missing = [k for k in truth if k not in export]
    extra = [k for k in export if k not in truth]

    errs = {"date": [], "source": [], "title": [], "countries": [], "economy": []}
    ok_date = ok_source = ok_title = 0
    tp = fp = fn = 0
    n_gold_c = 0
    econ_total = econ_ok = 0
    macro_total = macro_ok = 0
    for k in matched:
        t, e = truth[k], export[k]
        ident = e.get("id") or e.get("path")
        gdate = t["date"][:10]
        edate = (e.get("date") or "")[:10]
        if gdate == edate:
            ok_date += 1
        else:
            errs["date"].append(f"{ident}: want {gdate} got {edate or '-'}")
        if (e.get("source") or "").strip().lower() == t["source"].strip().lower():
            ok_source += 1
        else:
            errs["source"].append(f"{ident}: want {t['source']!r} got {e.get('source')!r}")
        if norm_title(e.get("title")) == norm_title(t["title"]):
            ok_title += 1
        else:
            errs["title"].append(f"{ident}: want {t['title']!r} got {e.get('title')!r}")
        gold_c = {c.upper() for c in t["countries"].split(",") if c}
        got_c = {c.upper() for c in (e.get("countries") or [])}
        if gold_c:
            n_gold_c += 1
            tp += len(gold_c & got_c)
            fp += len(got_c - gold_c)
            fn += len(gold_c - got_c)
            if gold_c != got_c:
                errs["countries"].append(
                    f"{ident}: want {sorted(gold_c)} got {sorted(got_c)}")
        gold_t = {x for x in t["topics"].split(",") if x}
        has_econ = "economy" in (e.get("topics") or [])
        if gold_t:
            econ_total += 1
            if has_econ:
                econ_ok += 1
            else:
                errs["economy"].append(f"{ident}: topics {sorted(gold_t)} got {e.get('topics')}")
        if gold_t & MACRO_TOPICS:
            macro_total += 1
            macro_ok += has_econ

    def pct(a, b):
        return f"{100.0 * a / b:.2f}%" if b else "n/a"

    n = len(matched)
    print(f"documents: export {len(export)} (duplicate ids {dup}), truth {len(truth)}")
    print(f"missing: {len(missing)}  extra: {len(extra)}  matched: {n}")
    print(f"date correct to the day: {pct(ok_date, n)} ({ok_date}/{n})")
    print(f"source: {pct(ok_source, n)} ({ok_source}/{n})")
    print(f"title exact: {pct(ok_title, n)} ({ok_title}/{n})")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"countries (micro, {n_gold_c} articles with gold countries): "
          f"P {100 * p:.2f}% R {100 * r:.2f}% F1 {100 * f1:.2f}%")
    print(f"economy topic on Reuters economic articles: {pct(econ_ok, econ_total)} "
          f"({econ_ok}/{econ_total})")
    print(f"  of which macro-economic codes: {pct(macro_ok, macro_total)} "
          f"({macro_ok}/{macro_total})")

    if args.show_errors:
        m = args.show_errors

        def show(name, items):
            if items:
                print(f"\n{name} ({len(items)}):")
                for s in items[:m]:
                    print("  " + s)

        show("missing", ["#".join(x for x in k if x) for k in missing])
        show("extra", [export[k].get("id") or export[k].get("path") for k in extra])
        for kind in ("date", "source", "title", "countries", "economy"):
            show(kind + " errors", errs[kind])
    return 0


if __name__ == "__main__":
    sys.exit(main())
