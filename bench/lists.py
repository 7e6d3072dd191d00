"""Precision and recall of the word lists and rules alone (no learned model, no spam check),
per rule and per kind, on the TRAINING corpus only, on a scratch SQLite database with the
seeded lists (a fresh install).

    .venv/bin/python bench/lists.py [-v] [--min-score 0.5] [FILE ...]

Without FILE it reads the training files: bench/data/corpus.jsonl (the older 300) and
moderation/data/corpus/train-*.jsonl. The held-out file is never read: a path with
"heldout" in it is refused. A rule counts as found when one of the tone, topic or addressed
checks reports it with at least --min-score (0 by default: any finding, as `screen_replay`
counts it). `no_spam` is S4's check and left out here.
"""

import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/queue.py would shadow the standard library's queue.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
RULES = ["good_tone", "no_hate_or_threats", "on_topic", "not_addressed_elsewhere"]
TRAINING = [ROOT / "bench" / "data" / "corpus.jsonl",
            *sorted((ROOT / "moderation" / "data" / "corpus").glob("train-*.jsonl"))]


def load(path):
    if "heldout" in Path(path).name:
        raise SystemExit(f"{path}: the held-out set is not for tuning")
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    posts = json.loads(lines[0])["posts"]
    items = []
    for line in lines[1:]:
        if line.strip():
            item = json.loads(line)
            item["post"] = posts[item["post"]]
            item["file"] = Path(path).name
            items.append(item)
    return items


def paragraphs(post):
    body = post.get("body", "")
    return (post["title"], post.get("intro", ""), *body.split("\n\n"),
            " ".join(post.get("tags", [])))


class Comment:
    def __init__(self, text):
        self.text = text


def screen_all(items, min_score):
    from moderation.checks import addressed, tone, topic
    from moderation.checks.base import History, build_context
    from moderation.models import ModerationSettings

    settings = ModerationSettings()
    history = History(since=None, until=None, recent=())
    found, times = {}, []
    for item in items:
        started = time.perf_counter()
        context = build_context(Comment(item["text"]), settings,
                                paragraphs=paragraphs(item["post"]), history=history)
        results = tone.check(context) + topic.check(context) + addressed.check(context)
        found[item["id"]] = {r.rule for r in results if r.score >= min_score}
        times.append(time.perf_counter() - started)
    times.sort()
    print(f"lists' checks per comment: median {times[len(times) // 2] * 1000:.1f} ms, "
          f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms (the first of each post builds "
          "its model)")
    return found


def scores(items, found, rule):
    tp = sum(1 for i in items if rule in i["labels"] and rule in found[i["id"]])
    fp = sum(1 for i in items if rule not in i["labels"] and rule in found[i["id"]])
    fn = sum(1 for i in items if rule in i["labels"] and rule not in found[i["id"]])
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    return tp + fn, precision, recall, fp


def report(items, found, verbose):
    print(f"\n{len(items)} comments ({', '.join(sorted({i['file'] for i in items}))})")
    print(f"{'rule':<26} {'positives':>9} {'precision':>10} {'recall':>8} {'false +':>8}")
    for rule in RULES:
        positives, precision, recall, fp = scores(items, found, rule)
        print(f"{rule:<26} {positives:>9} {precision:>10.2f} {recall:>8.2f} {fp:>8}")
    breakers = [i for i in items if set(i["labels"]) & set(RULES)]
    silent = [i for i in breakers if not found[i["id"]]]
    print(f"rule-breaking comments (these rules) without any finding: {len(silent)} of "
          f"{len(breakers)}")
    by_kind = defaultdict(Counter)
    for item in items:
        wanted = set(item["labels"]) & set(RULES)
        right = found[item["id"]] == wanted
        by_kind[item.get("kind", "-")]["right" if right else "wrong"] += 1
    print("per kind (right / all): " + ", ".join(
        f"{k} {c['right']}/{c['right'] + c['wrong']}" for k, c in sorted(by_kind.items())))
    if verbose:
        for item in items:
            wanted = set(item["labels"]) & set(RULES)
            if found[item["id"]] != wanted:
                print(item["id"], item.get("kind"), "missed", sorted(wanted - found[item["id"]]),
                      "extra", sorted(found[item["id"]] - wanted), item["text"][:110])


def main(argv):
    verbose = "-v" in argv
    min_score = float(argv[argv.index("--min-score") + 1]) if "--min-score" in argv else 0.0
    files = [a for a in argv if a.endswith(".jsonl")] or [p for p in TRAINING if p.exists()]
    items = [item for path in files for item in load(path)]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'lists.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "mrblogg.settings.test"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        found = screen_all(items, min_score)
    for name in sorted({i["file"] for i in items}):
        report([i for i in items if i["file"] == name], found, verbose)
    if len(files) > 1:
        report(items, found, False)


if __name__ == "__main__":
    main(sys.argv[1:])
