#!/usr/bin/env python3
"""Near-duplicate clusters against a ground truth of their own.

Reads newssearch's export (--all --format jsonl --text: each article's
stored text and its cluster) and computes, without the fingerprint, the
Jaccard similarity of the 5-word shingle sets of every pair of articles
that share a rare word (a word of at most --max-df articles): words are
runs of ASCII letters and digits and of non-ASCII characters,
lowercased; each paragraph (text between blank lines) is shingled on its
own, a paragraph of fewer than 5 words being one shingle.

  dedup.py EXPORT.jsonl            pairs >= 0.8 in one cluster, clustered pairs >= 0.5
  dedup.py EXPORT.jsonl --copies   instead: stories (an id and its copies, "5", "5c1",
                                   "5c2": make-corpus --copies) whose copies are all in
                                   one cluster, and clusters joining two stories under 0.5
"""
import argparse
import itertools
import json
import re
import sys
from collections import defaultdict

WORD = re.compile(r"[A-Za-z0-9\u0080-\U0010ffff]+")
PARA = re.compile(r"\n[ \t\r]*\n")


def shingles(text):
    out = set()
    for para in PARA.split(text):
        words = [w.lower() for w in WORD.findall(para)]
        if not words:
            continue
        if len(words) < 5:
            out.add(tuple(words))
        for i in range(len(words) - 4):
            out.add(tuple(words[i:i + 5]))
    return out


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def story_of(path):
    # "c3/1987/02/26/name-5c1.html" -> "5": the file name's last number
    m = re.search(r"-(\d+)(?:c\d+)?\.[a-z]+$", path)
    return m.group(1) if m else path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export")
    ap.add_argument("--copies", action="store_true")
    ap.add_argument("--max-df", type=int, default=60)  # "rare": in at most this many
    a = ap.parse_args()
    docs = []
    with open(a.export, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if "id" not in o:
                continue
            docs.append(o)
    sh = [frozenset(shingles(d.get("text") or "")) for d in docs]
    cl = [d.get("cluster") for d in docs]
    n = len(docs)
    members = defaultdict(list)
    for i, c in enumerate(cl):
        if c:
            members[c].append(i)
    print(f"articles {n}, clusters {len(members)}, "
          f"articles in them {sum(len(m) for m in members.values())}")
    if a.copies:
        copies(docs, sh, cl, members)
        return 0
    # Candidate pairs: those sharing a rare word.
    post = defaultdict(list)
    for i, d in enumerate(docs):
        for w in set(x.lower() for x in WORD.findall(d.get("text") or "")):
            post[w].append(i)
    pairs = set()
    for w, v in post.items():
        if 2 <= len(v) <= a.max_df:
            pairs.update(itertools.combinations(v, 2))
    jac = {p: jaccard(sh[p[0]], sh[p[1]]) for p in pairs}
    hi = [p for p, j in jac.items() if j >= 0.8]
    hi_ok = sum(1 for i, k in hi if cl[i] and cl[i] == cl[k])
    cpairs = [p for m in members.values() for p in itertools.combinations(m, 2)]
    cp_ok = sum(1 for i, k in cpairs if jac.get((i, k), jaccard(sh[i], sh[k])) >= 0.5)
    print(f"candidate pairs {len(pairs)} (sharing a word of at most {a.max_df} articles)")
    print(f"pairs with Jaccard >= 0.8: {len(hi)}, in one cluster: {hi_ok} "
          f"({100.0 * hi_ok / max(len(hi), 1):.2f}%)")
    print(f"clustered pairs: {len(cpairs)}, with Jaccard >= 0.5: {cp_ok} "
          f"({100.0 * cp_ok / max(len(cpairs), 1):.2f}%)")
    return 0


def copies(docs, sh, cl, members):
    stories = defaultdict(list)
    for i, d in enumerate(docs):
        stories[story_of(d["path"])].append(i)
    whole = sum(1 for v in stories.values()
                if len(v) > 1 and cl[v[0]] and all(cl[i] == cl[v[0]] for i in v))
    multi = sum(1 for v in stories.values() if len(v) > 1)
    sid = {i: s for s, v in stories.items() for i in v}
    bad = pairs = 0
    for m in members.values():
        for i, k in itertools.combinations(m, 2):
            if sid[i] != sid[k]:
                pairs += 1
                if jaccard(sh[i], sh[k]) < 0.5:
                    bad += 1
    print(f"stories with copies: {multi}, all copies in one cluster: {whole} "
          f"({100.0 * whole / max(multi, 1):.2f}%)")
    print(f"clustered pairs of two stories: {pairs}, with Jaccard < 0.5: {bad}")


if __name__ == "__main__":
    sys.exit(main())
