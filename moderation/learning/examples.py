"""What the screening model learns from: the shipped corpus and the officers' decisions.

The corpus is `moderation/data/corpus/*.jsonl` plus `bench/data/corpus.jsonl` (format:
the corpus files' header line holds the posts, every other line one labelled comment).
A decision counts as it stands in the log: an undo takes back the decision before it. An
approval says the comment breaks no rule, a rejection that it breaks the rules cited, a
spam mark that it is spam (and whatever other rules the officer cited before, none).

Examples are sorted, so the same inputs give the same model and the same hash.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from comments.models import Comment

from ..checks.base import post_paragraphs
from ..decisions import APPROVE, DECISIONS, REJECT, SPAM, UNDO
from ..rules import RULE_KEYS

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS_DIR = ROOT / "moderation" / "data" / "corpus"
BENCH_CORPUS = ROOT / "bench" / "data" / "corpus.jsonl"


@dataclass(frozen=True)
class Example:
    key: str  # "corpus:<file>:<id>" or "decision:<comment pk>"
    text: str
    paragraphs: tuple  # the post's title, intro, body paragraphs, tags
    labels: frozenset  # the rules the comment breaks
    kind: str = ""


def corpus_files():
    files = sorted(CORPUS_DIR.glob("*.jsonl")) if CORPUS_DIR.is_dir() else []
    return files + ([BENCH_CORPUS] if BENCH_CORPUS.is_file() else [])


def paragraphs_of(post):
    """A corpus post as the checks read a stored one (checks.base.post_paragraphs)."""
    body = [p.strip() for p in post.get("body", "").split("\n\n") if p.strip()]
    parts = [post.get("title", ""), post.get("intro", ""), *body, " ".join(post.get("tags", []))]
    return tuple(p for p in parts if p and p.strip())


def read_corpus_file(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        return []
    posts = {key: paragraphs_of(post) for key, post in json.loads(lines[0])["posts"].items()}
    examples = []
    for line in lines[1:]:
        item = json.loads(line)
        labels = frozenset(label for label in item.get("labels", []) if label in RULE_KEYS)
        examples.append(Example(
            key=f"corpus:{path.name}:{item['id']}", text=item["text"],
            paragraphs=posts.get(item["post"], ()), labels=labels, kind=item.get("kind", ""),
        ))
    return examples


@lru_cache(maxsize=4)
def _corpus(signature):
    return tuple(e for path, _size, _mtime in signature for e in read_corpus_file(Path(path)))


def corpus_examples():
    """The shipped corpus, read once per process (again when a file changes)."""
    signature = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in corpus_files())
    return _corpus(signature)


def standing_decisions():
    """{comment pk: its standing decision's log entry} over the whole log."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        action__in=list(DECISIONS) + [UNDO],
    ).order_by("timestamp", "pk").values_list("object_id", "action", "data")
    stacks = {}
    for object_id, action, data in entries.iterator():
        stack = stacks.setdefault(object_id, [])
        if action == UNDO:
            if stack:
                stack.pop()
        else:
            stack.append((action, data or {}))
    return {int(pk): stack[-1] for pk, stack in stacks.items() if stack and pk.isdigit()}


def labels_of(action, data):
    if action == APPROVE:
        return frozenset()
    if action == REJECT:
        return frozenset(r for r in data.get("rules", []) if r in RULE_KEYS)
    if action == SPAM:
        return frozenset({"no_spam"})
    return None


def decision_examples():
    standing = standing_decisions()
    comments = Comment.objects.filter(pk__in=standing).select_related("post").order_by("pk")
    paragraphs_by_post, examples = {}, []
    for comment in comments.iterator():
        labels = labels_of(*standing[comment.pk])
        if labels is None or (standing[comment.pk][0] == REJECT and not labels):
            continue
        if comment.post_id not in paragraphs_by_post:
            paragraphs_by_post[comment.post_id] = post_paragraphs(comment.post)
        examples.append(Example(
            key=f"decision:{comment.pk}", text=comment.text,
            paragraphs=paragraphs_by_post[comment.post_id], labels=labels, kind="decision",
        ))
    return examples


@dataclass(frozen=True)
class Inputs:
    corpus: tuple
    decisions: tuple

    @property
    def examples(self):
        return tuple(sorted(self.corpus + self.decisions, key=lambda e: e.key))

    def digest(self, salt):
        sha = hashlib.sha256(salt.encode())
        for e in self.examples:
            row = [e.key, e.text, list(e.paragraphs), sorted(e.labels)]
            sha.update(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        return sha.hexdigest()


def gather():
    return Inputs(corpus=tuple(corpus_examples()), decisions=tuple(decision_examples()))


def strata(examples):
    """A stratum per label set, rare sets pooled, for the fixed held-out split."""
    keys = ["+".join(sorted(e.labels)) or "-" for e in examples]
    counts = Counter(keys)
    return [key if counts[key] >= 5 else "rare" for key in keys]
