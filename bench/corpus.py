"""Precision and recall per rule of screening, for the learned model alone, the lists (every
other check) alone and both together, through `screen_replay --checks model|lists|all` on
a scratch SQLite database (fresh install: seeded lists, default settings).

    .venv/bin/python bench/corpus.py [-v]

Two measurements:
- training corpus (moderation/data/corpus/*.jsonl and bench/data/corpus.jsonl): the model
  is trained on the fixed 80 % of it (moderation.learning.train.held_out_split) and scored
  on the other 20 %; every comment is replayed, in time order, so the spam check sees its
  campaigns whole, but only the 20 % count;
- bench/data/heldout.jsonl, written apart and never used for training or tuning: the model
  of a fresh install (version 1, trained on the whole training corpus) on all of it.
Also: decision = spam (precision and recall against the `no_spam` label), and the share of
rule-breaking comments that get no finding at all. A rule counts as found when it is among
the replay's "rules".
"""

import json
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Not this folder: bench/queue.py would hide the standard library's queue.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
HELDOUT = ROOT / "bench" / "data" / "heldout.jsonl"
RULES = ["good_tone", "no_hate_or_threats", "on_topic", "not_addressed_elsewhere", "no_spam"]
CHECK_SETS = ("model", "lists", "all")


def read(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return json.loads(lines[0])["posts"], [json.loads(line) for line in lines[1:]]


def replay(path, check_set, tmp):
    """{id: (rules found, decision)} of every comment of the corpus file `path`."""
    from django.core.management import call_command

    posts, items = read(path)
    replay_file = Path(tmp) / f"{path.stem}-replay.jsonl"
    with replay_file.open("w", encoding="utf-8") as out:
        for item in items:
            row = {k: item[k] for k in ("id", "author", "text", "at")}
            row["post"] = posts[item["post"]]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    stdout = StringIO()
    call_command("screen_replay", str(replay_file), "--checks", check_set, stdout=stdout)
    found = {}
    for line in stdout.getvalue().splitlines():
        result = json.loads(line)
        found[result["id"]] = (set(result["rules"]), result["decision"])
    return {item["id"]: (set(item["labels"]), *found[item["id"]]) for item in items}


def ratio(a, b):
    return f"{a / b:.2f}" if b else "  – "


def rule_table(runs):
    """Rows of positives and P/R per check set; `runs` maps a check set to
    {id: (labels, rules found, decision)} of the comments that count."""
    print(f"{'rule':<24} {'pos':>4}" + "".join(f" {name + ' P/R':>13}" for name in CHECK_SETS))
    for rule in RULES:
        cells, positives = [], 0
        for name in CHECK_SETS:
            rows = runs[name].values()
            tp = sum(1 for labels, found, _ in rows if rule in labels and rule in found)
            fp = sum(1 for labels, found, _ in rows if rule not in labels and rule in found)
            positives = sum(1 for labels, _, _ in rows if rule in labels)
            cells.append(f"{ratio(tp, tp + fp)} / {ratio(tp, positives)}")
        print(f"{rule:<24} {positives:>4}" + "".join(f" {c:>13}" for c in cells))


def summary(rows):
    rows = list(rows)
    tp = sum(1 for labels, _, d in rows if "no_spam" in labels and d == "spam")
    fp = sum(1 for labels, _, d in rows if "no_spam" not in labels and d == "spam")
    spam = sum(1 for labels, _, _ in rows if "no_spam" in labels)
    breaking = [found for labels, found, _ in rows if labels]
    unfound = sum(1 for found in breaking if not found)
    print(f"decision = spam: precision {ratio(tp, tp + fp)}, recall {ratio(tp, spam)} "
          f"({spam} labelled spam, {fp} false)")
    print(f"rule-breaking comments without any finding: {unfound} of {len(breaking)} "
          f"({ratio(unfound, len(breaking))})")


def report(title, runs, verbose):
    print(f"\n{title} ({len(runs['all'])} comments)")
    rule_table(runs)
    summary(runs["all"].values())
    if verbose:
        for key, (labels, found, decision) in sorted(runs["all"].items()):
            if labels != found:
                print(" ", key, sorted(labels), "found", sorted(found), decision)


def training_split(tmp, verbose):
    from moderation.learning import examples, store, train

    corpus = examples.corpus_examples()
    ordered = tuple(sorted(corpus, key=lambda e: e.key))
    learn, held = train.held_out_split(ordered)
    started = time.perf_counter()
    row, _ = store.store_new(examples.Inputs(tuple(ordered[i] for i in learn), ()), "admin")
    print(f"trained on {len(learn)} of {len(ordered)} corpus comments in "
          f"{time.perf_counter() - started:.1f} s (version {row.version})")
    counted = {ordered[i].key for i in held}
    runs = {name: {} for name in CHECK_SETS}
    for path in examples.corpus_files():
        for name in CHECK_SETS:
            for item_id, result in replay(path, name, tmp).items():
                key = f"corpus:{path.name}:{item_id}"
                if key in counted:
                    runs[name][key] = result
    report("training corpus, its fixed 20 % held-out split", runs, verbose)


def heldout_file(tmp, verbose):
    from moderation.learning import store

    if not HELDOUT.is_file():
        print("\nheld-out file (held-out file missing)")
        return
    store.activate(1)  # the fresh install's model: the whole training corpus
    runs = {name: replay(HELDOUT, name, tmp) for name in CHECK_SETS}
    report(f"held-out file {HELDOUT.name}", runs, verbose)


def main():
    verbose = "-v" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'corpus.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "mrblogg.settings.test"
        import django

        django.setup()
        from django.core.management import call_command

        from moderation.models import ScreeningModel

        started = time.perf_counter()
        call_command("migrate", verbosity=0)  # trains version 1 (a fresh install)
        first = ScreeningModel.objects.get(version=1)
        print(f"fresh install: migrated and trained version 1 on {first.corpus_size} "
              f"comments in {time.perf_counter() - started:.1f} s (training {first.seconds} s)")
        training_split(tmp, verbose)
        heldout_file(tmp, verbose)


if __name__ == "__main__":
    main()
