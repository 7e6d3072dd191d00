"""moderation/checks/spam.py: the repeat-poster heuristic and its index."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from moderation.checks import spam
from moderation.models import BandKey, CommentFingerprint, LinkTarget, ModerationSettings
from moderation.screening import screen
from tests.comments.factory import make_reader
from tests.moderation.screening_factory import (
    T0,
    comment_at,
    context_of,
    hours,
    human_rights_post,
    rules_of,
    screened,
)

pytestmark = pytest.mark.django_db

CAMPAIGN = (
    "Missa inte vårt erbjudande! Billiga solglasögon och klockor av högsta kvalitet, "
    "fri frakt över hela Sverige och nöjd-kund-garanti. Beställ i dag på "
    "https://www.klockrea.example.com/erbjudande och få tio procent rabatt med koden MR."
)
VARIANTS = [  # the same campaign, disguised: each is a near-duplicate of CAMPAIGN
    CAMPAIGN,
    CAMPAIGN.upper(),
    CAMPAIGN.replace("Billiga", "Billiga\u200b").replace("a", "а", 5),  # zero-width, Cyrillic а
    CAMPAIGN.replace("tio procent", "femton procent").replace("/erbjudande", "/ny-sida"),
    CAMPAIGN + " Skynda!",
]
# The same campaign without a link: only its text repeats.
PLAIN = [re.sub(r"https://\S+", "vår butik", v, flags=re.IGNORECASE) for v in VARIANTS]
QUESTION = ("Hur gör ni barnkonsekvensanalyser i praktiken när tiden är knapp och "
            "beslutet måste fattas samma vecka?")


@pytest.fixture
def post(blog_index):
    return human_rights_post()


HOUR = hours(1)


def decisions(post, texts, authors, start=T0, step=HOUR, settings=None):
    out = []
    for i, (text, author) in enumerate(zip(texts, authors, strict=False)):
        comment, results = screened(post, text, author=author, at=start + step * i,
                                    settings=settings)
        out.append((comment.status, results))
    return out


def test_one_account_repeating_a_text_without_links_is_spam_from_the_fourth(post):
    spammer = make_reader()
    out = decisions(post, PLAIN[:4], [spammer] * 4)
    assert [status for status, _ in out] == ["pending", "pending", "pending", "spam"]
    certain = [r for r in out[3][1] if r.certain_spam]
    assert certain[0].rule == "no_spam" and certain[0].evidence.startswith("4 ")


def test_one_account_repeating_a_campaign_with_its_link_is_spam_from_the_third(post):
    spammer = make_reader()
    out = decisions(post, VARIANTS[:3], [spammer] * 3)
    assert [status for status, _ in out] == ["pending", "pending", "spam"]
    (certain,) = [r for r in out[2][1] if r.certain_spam]
    assert certain.evidence == "3 länkar till example.com från ett konto"


def test_disguised_variants_are_near_duplicates(post):
    spammer = make_reader()
    out = decisions(post, PLAIN, [spammer] * 5)
    assert [status for status, _ in out][3:] == ["spam", "spam"]


def test_a_few_accounts_each_repeating_themselves_are_spam(post):
    a, b = make_reader(), make_reader()
    out = decisions(post, PLAIN[:4], [a, b, a, b])
    assert [status for status, _ in out] == ["pending", "pending", "pending", "spam"]


def test_many_readers_each_writing_the_same_thanks_once_is_not_spam(post):
    thanks = "Tack för ett bra inlägg!"
    out = decisions(post, [thanks] * 25, [make_reader() for _ in range(25)], step=hours(0.1))
    assert all(status == "pending" for status, _ in out)
    assert all("no_spam" not in rules_of(results) for _, results in out)


def test_the_same_long_thanks_from_many_readers_is_not_spam(post):
    long_thanks = ("Tack för ett mycket bra och tankeväckande inlägg om barnets rättigheter, "
                   "det här ska jag ta med mig till nästa möte på jobbet.")
    out = decisions(post, [long_thanks] * 12, [make_reader() for _ in range(12)])
    assert all(status == "pending" for status, _ in out)


def test_the_same_honest_question_twice_hours_apart_is_not_spam(post):
    reader = make_reader()
    out = decisions(post, [QUESTION, QUESTION], [reader, reader], step=hours(3))
    assert all(status == "pending" and "no_spam" not in rules_of(results)
               for status, results in out)


def test_repeats_outside_the_window_do_not_count(post):
    spammer = make_reader()
    decisions(post, PLAIN[:3], [spammer] * 3, start=T0 - hours(30))
    comment, _results = screened(post, PLAIN[3], author=spammer, at=T0)
    assert comment.status == "pending"


def test_links_outside_the_long_window_do_not_count(post):
    spammer = make_reader()
    decisions(post, VARIANTS[:2], [spammer] * 2, start=T0 - hours(24 * 15))
    comment, _results = screened(post, VARIANTS[2], author=spammer, at=T0)
    assert comment.status == "pending"


def test_a_slow_drip_of_text_is_counted_over_the_long_window(post):
    spammer = make_reader()
    out = decisions(post, PLAIN, [spammer] * 5, step=hours(48))
    assert [status for status, _ in out] == ["pending"] * 4 + ["spam"]


def test_the_window_and_thresholds_are_settings(post):
    spammer = make_reader()
    wide = ModerationSettings(spam_window_hours=72, spam_min_repeats=2)
    out = decisions(post, PLAIN[:2], [spammer] * 2, step=hours(40), settings=wide)
    assert [status for status, _ in out] == ["pending", "spam"]


def test_a_farm_of_many_accounts_with_a_link_is_spam_from_its_fourth_account(post):
    farm = [make_reader() for _ in range(20)]
    out = decisions(post, VARIANTS * 4, farm, step=hours(0.5))
    assert [status for status, _ in out] == ["pending"] * 3 + ["spam"] * 17


def test_a_farm_of_many_accounts_without_a_link_passes_by_design(post):
    """Twenty accounts that each post the text once: nobody repeats, no link: not certain."""
    farm = [make_reader() for _ in range(20)]
    out = decisions(post, PLAIN * 4, farm, step=hours(0.5))
    assert all(status == "pending" for status, _ in out)


def test_short_repeats_count_by_exact_fingerprint_across_accounts_only(post):
    """Short texts: another reader's slightly different text is not a near-duplicate."""
    readers = [make_reader() for _ in range(3)]
    texts = ["Köp billigt nu!", "Köp billigt nu", "KÖP BILLIGT NU!!!"]
    out = decisions(post, texts * 2, readers * 2, step=hours(0.2))
    # Exact after normalising: spam once two accounts have each written it twice.
    assert [status for status, _ in out] == ["pending"] * 4 + ["spam"] * 2
    others = [make_reader() for _ in range(6)]
    out = decisions(post, ["Bra text!", "Bra texter!", "Bra text!!", "Bra textt", "Bra tex", "bra text"],
                    others, start=T0 + hours(5))
    assert all(status == "pending" for status, _ in out)


def test_short_repeats_of_one_author_count_by_fuzzy_ratio(post):
    spammer = make_reader()
    texts = ["Besök min sida nu!", "Besök min sida nu!!1", "Besök mina sida nu", "Besök min sidan nu"]
    out = decisions(post, texts, [spammer] * 4, step=hours(0.3))
    assert [status for status, _ in out] == ["pending", "pending", "pending", "spam"]


def test_many_links_raise_the_score_without_deciding(post):
    text = "Läs a.example.com, b.example.org, c.example.net och d.example.se om barnets bästa."
    comment, results = screened(post, text)
    (result,) = [r for r in results if r.rule == "no_spam"]
    assert not result.certain_spam and comment.status == "pending"
    assert result.evidence == "example.com, example.org, example.net, example.se"


def test_a_domain_repeated_across_the_authors_comments_raises_the_score(post):
    author = make_reader()
    texts = [f"{q} Mer om detta på https://minblogg.example.com/{i}"
             for i, q in enumerate(["Bra skrivet om barnets bästa.", "Intressant om skolan.",
                                    "Viktigt för socialtjänsten."])]
    out = decisions(post, texts, [author] * 3, step=hours(30))
    assert "no_spam" not in rules_of(out[0][1])
    second = next(r for r in out[1][1] if r.rule == "no_spam")
    assert second.evidence == "example.com" and second.score == 0.5 and not second.certain_spam
    third = next(r for r in out[2][1] if r.rule == "no_spam")
    assert third.certain_spam and out[2][0] == "spam"


def test_each_comment_is_indexed_once_even_when_screened_again(post):
    comment, _results = screened(post, CAMPAIGN)
    screen(comment, settings=ModerationSettings())
    assert CommentFingerprint.objects.filter(comment=comment).count() == 1
    assert BandKey.objects.filter(comment_id=comment.pk).count() == spam.BANDS


def test_short_comments_have_no_band_keys(post):
    comment, _results = screened(post, "Tack!")
    fingerprint = CommentFingerprint.objects.get(comment=comment)
    assert fingerprint.short_text == "tack" and fingerprint.signature == b""
    assert not BandKey.objects.filter(comment_id=comment.pk).exists()


def test_a_deleted_comment_leaves_no_trace_that_matters(post):
    spammer = make_reader()
    out = decisions(post, VARIANTS[:2], [spammer] * 2)
    Comment.objects.filter(author=spammer).first().delete()
    comment, _results = screened(post, VARIANTS[2], author=spammer, at=T0 + hours(4))
    assert comment.status == "pending"  # two links, not three: the deleted one is gone
    assert LinkTarget.objects.filter(author_id=spammer.pk).count() == 2
    assert out


def test_the_signature_estimates_jaccard():
    a = spam.signature("missa inte vårt erbjudande billiga solglasögon och klockor av högsta kvalitet")
    b = spam.signature("missa inte vårt erbjudande billiga solglasögon och klockor av hög kvalitet")
    c = spam.signature("barnkonventionen är lag och barnets bästa ska utredas i varje beslut")
    assert spam.jaccard(a, a) == 1.0
    assert spam.jaccard(a, b) >= spam.JACCARD > spam.jaccard(a, c)
    assert len(spam.pack(a)) == 512 and spam.unpack(spam.pack(a)) == a


def index_many(post, n, text_of):
    """n comments in the index, made directly (not screened), spread over the window."""
    authors = [make_reader() for _ in range(5)]
    comments = Comment.objects.bulk_create(
        Comment(post=post, author=authors[i % 5], text=text_of(i)) for i in range(n)
    )
    for i, comment in enumerate(comments):
        comment.created_at = T0 - hours(20) + hours(19) * i / n
        Comment.objects.filter(pk=comment.pk).update(created_at=comment.created_at)
        spam.remember(context_of(comment))


@pytest.mark.parametrize("stored", [10, 300])
def test_screening_reads_the_index_with_a_constant_number_of_queries(
    post, stored, django_assert_num_queries
):
    # Every stored comment is a near-duplicate candidate, the worst case for the index.
    index_many(post, stored, lambda i: f"{CAMPAIGN} Kund nummer {i}.")
    comment = comment_at(post, CAMPAIGN, author=make_reader(), at=T0)
    # The author's recent rows and standing (the context), the link domains, exact, the 25
    # bands, candidates' signatures, the link targets; three inserts (fingerprint, bands,
    # link targets).
    with django_assert_num_queries(10):
        context = context_of(comment)
        results = spam.check(context)
        spam.remember(context)
    # Five fresh accounts have pushed the same site: a campaign.
    assert any(r.certain_spam and r.reason == spam.CAMPAIGN for r in results)


def test_the_band_lookup_is_limited_per_band_and_uses_the_covering_index(post):
    index_many(post, 60, lambda i: CAMPAIGN)
    # Other readers' comments in the same window, as in production: the window holds many
    # band keys, one band key few rows.
    index_many(post, 240, lambda i: f"Kommentar {i} om Umeå, Malmö och Luleå: {i * 7919} fråga")
    comment = comment_at(post, CAMPAIGN, author=make_reader(), at=T0)
    near = spam.Neighbourhood(context_of(comment))
    with CaptureQueriesContext(connection) as queries:
        shared = spam.band_candidates(spam.band_keys(near.signature), near.since, near.until)
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert sql.count(f"LIMIT {spam.BAND_LIMIT}") == spam.BANDS
    assert len(shared) == spam.BAND_LIMIT and sum(shared.values()) == spam.BANDS * spam.BAND_LIMIT
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The plan must not hang on whether autovacuum has analysed the new rows yet
            # (without statistics the planner may walk the time index and filter): with them
            # it knows, as in production, that a band key is rare and the window is not.
            cursor.execute(f"ANALYZE {BandKey._meta.db_table}")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql.replace("%", "%%"))
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "band_key_lookup" in plan


def test_prune_forgets_rows_older_than_the_long_window(post):
    old = comment_at(post, CAMPAIGN, at=timezone.now() - hours(24 * 15))
    day_old = comment_at(post, CAMPAIGN, at=timezone.now() - hours(30))
    new = comment_at(post, CAMPAIGN, at=timezone.now() - hours(1))
    for comment in (old, day_old, new):
        spam.remember(context_of(comment))
    call_command("prune_spam_index")
    kept = {day_old.pk, new.pk}
    assert set(CommentFingerprint.objects.values_list("comment_id", flat=True)) == kept
    assert set(BandKey.objects.values_list("comment_id", flat=True)) == kept
    assert set(LinkTarget.objects.values_list("comment_id", flat=True)) == kept


def test_prune_runs_periodically(settings):
    assert any(command == "prune_spam_index" for _every, command in settings.PERIODIC_COMMANDS)
