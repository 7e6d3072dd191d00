"""decision = spam, precision and recall per kind of comment, on the TRAINING corpus.

    .venv/bin/python bench/spam.py [FILE ...]

Each FILE is a corpus file (format: the README's corpus section; header line of posts,
then labelled comments with a `kind`). Without FILEs: moderation/data/corpus/train-*.jsonl
and bench/data/corpus.jsonl. Held-out files are refused: no threshold may be tuned on them.

Every file is replayed through `manage.py screen_replay` (its interface, unchanged, on a
scratch SQLite database), one file at a time in time order. A comment is spam when its
labels hold `no_spam` (from a campaign's third comment on); the decision is the replay's.
Printed: per file and kind, how many comments, how many labelled spam, how many decided
spam, true positives, and precision and recall; then the totals.
"""

import json
import os
import sys
import tempfile
from collections import defaultdict
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ itself off the path: its queue.py would shadow the standard library's.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]


def default_files():
    return sorted((ROOT / "moderation/data/corpus").glob("train-*.jsonl")) + [
        ROOT / "bench/data/corpus.jsonl"]


def read_corpus(path):
    with open(path, encoding="utf-8") as handle:
        lines = [json.loads(raw) for raw in handle if raw.strip()]
    posts = lines[0]["posts"]
    return [c for c in lines[1:]], posts


def replay_input(comments, posts, folder):
    path = Path(folder) / "replay.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for c in sorted(comments, key=lambda c: c["at"]):
            post = posts[c["post"]]
            row = {"id": c["id"], "author": c["author"], "text": c["text"], "at": c["at"],
                   "post": {"title": post["title"], "intro": post.get("intro", ""),
                            "body": post.get("body", ""), "tags": post.get("tags", [])}}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def replay(path):
    from django.core.management import call_command

    out = StringIO()
    call_command("screen_replay", str(path), stdout=out)
    return {row["id"]: row for row in map(json.loads, out.getvalue().splitlines())}


def tally(comments, decided):
    rows = defaultdict(lambda: [0, 0, 0, 0])  # n, labelled, decided, both
    for c in comments:
        kind = c.get("kind") or ("spam" if "no_spam" in c["labels"] else "-")
        labelled = "no_spam" in c["labels"]
        spam = decided[c["id"]]["decision"] == "spam"
        for key in (kind, "ALL"):
            row = rows[key]
            row[0] += 1
            row[1] += labelled
            row[2] += spam
            row[3] += labelled and spam
    return rows


def ratio(a, b):
    return f"{a / b:.2f}" if b else "  - "


def show(name, rows):
    print(f"\n{name}")
    print(f"  {'kind':<18}{'n':>5}{'spam':>6}{'said':>6}{'hit':>6}{'P':>6}{'R':>6}")
    for kind in sorted(rows, key=lambda k: (k == "ALL", k)):
        n, labelled, said, hit = rows[kind]
        print(f"  {kind:<18}{n:>5}{labelled:>6}{said:>6}{hit:>6}"
              f"{ratio(hit, said):>6}{ratio(hit, labelled):>6}")


def wrong(comments, decided):
    for c in comments:
        if ("no_spam" in c["labels"]) != (decided[c["id"]]["decision"] == "spam"):
            print(f"    {c['id']} {c.get('kind', '-')} {c['author']} {c['at']} "
                  f"{decided[c['id']]['decision']}: {c['text'][:90]}")


def main():
    files = [Path(f) for f in sys.argv[1:]] or default_files()
    files = [f for f in files if f.exists()]
    if any("heldout" in f.name for f in files):
        sys.exit("bench/spam.py measures the training corpus only; the held-out set stays unseen.")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'spam.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "mrblogg.settings.test"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        total = defaultdict(lambda: [0, 0, 0, 0])
        for path in files:
            comments, posts = read_corpus(path)
            decided = replay(replay_input(comments, posts, tmp))
            rows = tally(comments, decided)
            show(path.name, rows)
            if os.environ.get("SPAM_BENCH_WRONG"):  # list the misses and false hits
                wrong(comments, decided)
            for kind, row in rows.items():
                total[kind] = [a + b for a, b in zip(total[kind], row, strict=True)]
        show("all files", total)


if __name__ == "__main__":
    main()
