"""The live counter (static/js/comment-counter.js) says what a person reads: "1 tecken
kvar", "1 tecken för mycket", never "-1 tecken kvar". The script runs under the Node.js
that Playwright ships (a test requirement), against a two-element stand-in for the page,
with the wordings the post's real comment form gives it."""

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright._impl._driver import compute_driver_executable

from tests.comments.factory import make_reader
from tests.factories import make_post

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "comment-counter.js"

# Stands in for the textarea and the counter; timers run when the test says so.
HARNESS = r"""
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
let onInput = null, pending = null;
const field = {
  value: "",
  getAttribute: (name) => (name === "data-max-length" ? String(input.max) : null),
  addEventListener: (type, fn) => { if (type === "input") onInput = fn; },
};
const counter = {textContent: "", dataset: input.dataset,
                 classList: {over: false, toggle(name, on) { this[name] = on; }}};
globalThis.document = {querySelector: () => field, getElementById: () => counter};
globalThis.setTimeout = (fn) => { pending = fn; return 1; };
globalThis.clearTimeout = () => { pending = null; };
require("vm").runInThisContext(input.script);
const said = [[counter.textContent, counter.classList.over]];
for (const text of input.texts) {
  field.value = text; onInput(); pending();
  said.push([counter.textContent, counter.classList.over]);
}
console.log(JSON.stringify(said));
"""


class CounterAttributes(HTMLParser):
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "comment-counter":
            self.dataset = {
                "".join(w.capitalize() if i else w for i, w in enumerate(k[5:].split("-"))): v
                for k, v in attrs.items() if k.startswith("data-")
            }


@pytest.fixture
def dataset(client, blog_index):
    post = make_post(title="Ett inlägg om rättigheter")
    client.force_login(make_reader())
    parser = CounterAttributes()
    parser.feed(client.get(post.url).content.decode())
    return parser.dataset


def run_counter(dataset, texts, max_length=900):
    node, _cli = compute_driver_executable()
    payload = {"script": SCRIPT.read_text(), "dataset": dataset, "max": max_length, "texts": texts}
    done = subprocess.run([node, "-e", HARNESS], input=json.dumps(payload), text=True,
                          capture_output=True, check=True, timeout=30)
    return [tuple(pair) for pair in json.loads(done.stdout)]


@pytest.mark.django_db
def test_the_form_gives_the_counter_swedish_wordings_for_left_and_too_many(dataset):
    assert dataset == {
        "leftOne": "COUNT tecken kvar", "leftOther": "COUNT tecken kvar",
        "overOne": "COUNT tecken för mycket", "overOther": "COUNT tecken för mycket",
    }


@pytest.mark.django_db
def test_one_character_too_many_is_said_as_such(dataset):
    said = run_counter(dataset, ["å" * 899, "å" * 900, "å" * 901, "å" * 905])
    assert said == [
        ("900 tecken kvar", False),
        ("1 tecken kvar", False),
        ("0 tecken kvar", False),
        ("1 tecken för mycket", True),
        ("5 tecken för mycket", True),
    ]


@pytest.mark.django_db
def test_counted_as_the_server_counts_in_any_script(dataset):
    # "é" written as e + combining accent is one character after NFC; CRLF is one break;
    # Arabic and emoji count one per code point.
    said = run_counter(dataset, ["e\u0301" * 3, "سلام\r\nعليكم", "😀" * 10], max_length=10)
    assert said[1:] == [("7 tecken kvar", False), ("0 tecken kvar", False),
                        ("0 tecken kvar", False)]
    assert run_counter(dataset, ["x" * 12 + "\u202e"], max_length=10)[1] == \
        ("3 tecken för mycket", True)


def test_the_wording_follows_the_plural_the_template_gives():
    """English-style data (one differs from other) shows the script picks by the number."""
    english = {"leftOne": "COUNT character left", "leftOther": "COUNT characters left",
               "overOne": "COUNT character too many", "overOther": "COUNT characters too many"}
    said = run_counter(english, ["ab", "abc", "abcd", "abcdef"], max_length=3)
    assert [text for text, _over in said] == [
        "3 characters left", "1 character left", "0 characters left",
        "1 character too many", "3 characters too many",
    ]
