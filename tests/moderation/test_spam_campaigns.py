"""moderation/checks/spam.py and spam_links.py: link targets, campaigns, allowed sites and
the author's standing."""

import datetime

import pytest

from comments.models import Comment
from comments.services import submit_comment
from moderation.checks import spam
from moderation.models import LinkDomain, LinkTarget, ModerationSettings
from moderation.screening import decide, screen
from tests.comments.factory import make_comment, make_reader
from tests.moderation.screening_factory import T0, comment_at, hours, human_rights_post, screened

pytestmark = pytest.mark.django_db

# Paraphrases of one advertisement, each with the same site under another path or host.
ADS = [
    "Billiga solglasögon med fri frakt, titta in på https://shop.solbutik.example/rea",
    "Klockor och solglasögon till halva priset: www.solbutik.example/klockor i dag!",
    "Sommarrea på glasögon, beställ på https://solbutik.example/?ref=mr redan nu",
    "Vi har nya modeller av solglasögon, se https://nytt.solbutik.example/modeller",
    "Fynda glasögon och klockor hos oss på http://solbutik.example/fynd innan helgen",
    "Missa inte vår stora rea: https://www.solbutik.example/stora-rean",
]
SHORT_LINKS = ["https://bit.ly/3xYz", "https://tinyurl.com/sol-rea", "https://t.co/aB12",
               "https://cutt.ly/solrea"]
THANKS = "Tack för ett viktigt inlägg!"


@pytest.fixture
def post(blog_index):
    return human_rights_post()


def old_reader(days=365):
    reader = make_reader()
    reader.date_joined = T0 - datetime.timedelta(days=days)
    reader.save(update_fields=["date_joined"])
    return reader


FIVE_HOURS = hours(5)


def statuses(post, texts, authors, step=FIVE_HOURS, start=T0, settings=None):
    return [str(screened(post, text, author=author, at=start + step * i, settings=settings)[0].status)
            for i, (text, author) in enumerate(zip(texts, authors, strict=True))]


def test_a_campaign_of_single_use_accounts_with_one_site_is_spam_from_its_third(post):
    farm = [make_reader() for _ in ADS]
    assert statuses(post, ADS, farm) == ["pending"] * 3 + ["spam"] * 3
    last = LinkTarget.objects.filter(author_id=farm[-1].pk).get()
    assert last.fresh


def test_a_campaign_spread_over_url_shorteners_counts_them_as_one_site(post):
    texts = [f"Se vårt erbjudande: {link}" for link in SHORT_LINKS]
    assert statuses(post, texts, [make_reader() for _ in texts]) == ["pending"] * 3 + ["spam"]
    comment, results = screened(post, "Och här: https://rebrand.ly/x", author=make_reader(),
                                at=T0 + hours(30))
    (certain,) = [r for r in results if r.certain_spam]
    assert certain.evidence.endswith(spam.shown(spam.SHORTENERS))


def test_a_slow_drip_from_one_account_is_spam_from_its_third(post):
    dripper = make_reader()
    assert statuses(post, ADS[:5], [dripper] * 5, step=hours(48)) == ["pending"] * 2 + ["spam"] * 3


def test_a_paraphrased_campaign_from_two_accounts_is_spam_from_its_third(post):
    a, b = make_reader(), make_reader()
    assert statuses(post, ADS[:4], [a, b, a, b]) == ["pending", "pending", "spam", "spam"]


def test_many_new_readers_thanking_are_never_spam(post):
    readers = [make_reader() for _ in range(30)]
    assert set(statuses(post, [THANKS] * 30, readers, step=hours(1))) == {"pending"}


def test_new_readers_citing_allowed_sites_never_count(post):
    texts = [f"Läs mer: https://www.riksdagen.se/sv/dokument/{i} och https://skr.se/mr{i} "
             f"och https://do.se/{i}" for i in range(8)]
    out = [screened(post, t, author=make_reader(), at=T0 + hours(i))[1] for i, t in enumerate(texts)]
    assert all(not any(r.rule in ("no_spam", spam.STANDING) for r in results) for results in out)


def test_an_officer_citing_skr_again_and_again_is_never_spam(post):
    officer = make_reader()
    texts = [f"{q} Vi har skrivit om det på https://skr.se/sida-{i}" for i, q in enumerate(
        ["Bra fråga!", "Det stämmer.", "Vi tittar på det.", "Tack för tipset om Umeå.",
         "Nätverket träffas i november.", "Anmälan stänger i morgon."])]
    assert set(statuses(post, texts, [officer] * 6, step=hours(3))) == {"pending"}


def test_allowed_patterns_cover_municipalities_and_regions(post):
    texts = [f"Se https://www.habokommun.se/{i} och https://regionskane.se/{i}" for i in range(5)]
    assert set(statuses(post, texts, [make_reader() for _ in texts])) == {"pending"}


def test_an_officer_adds_an_allowed_site_and_it_stops_counting(post):
    LinkDomain.objects.create(domain="solbutik.example", kind=LinkDomain.Kind.ALLOWED)
    assert set(statuses(post, ADS, [make_reader() for _ in ADS])) == {"pending"}


def test_an_established_reader_linking_the_same_site_is_weighed_not_decided(post):
    reader = old_reader()
    make_comment(post, author=reader, text="Tidigare godkänd.", status=Comment.Status.PUBLISHED)
    texts = [f"{q} Mer på https://minblogg.example/{i}" for i, q in enumerate(
        ["Barnrättsprövningar är svåra.", "Vi gör så här i Umeå.", "Socialtjänsten behöver tid.",
         "Skolan har en egen modell."])]
    assert set(statuses(post, texts, [reader] * 4)) == {"pending"}


def test_a_new_account_linking_out_raises_the_risk(post):
    text = "Läs gärna mer på https://minblogg.example/barn"
    _new, results = screened(post, text, author=make_reader(), at=T0)
    (standing,) = [r for r in results if r.rule == spam.STANDING]
    assert standing.score > 0 and "nytt konto" in str(standing.reason).lower()
    _old, results = screened(post, text, author=old_reader(), at=T0)
    assert not [r for r in results if r.rule == spam.STANDING]


def test_recent_rejections_raise_the_risk_with_a_swedish_reason(post):
    reader = old_reader()
    for status in (Comment.Status.REJECTED, Comment.Status.SPAM):
        comment_at(post, "Något", author=reader, at=T0 - hours(24), status=status)
    comment_at(post, "Länge sedan", author=reader, at=T0 - hours(24 * 90),
               status=Comment.Status.REJECTED)
    _comment, results = screened(post, "En vanlig kommentar om barnets bästa.", author=reader,
                                 at=T0)
    (standing,) = [r for r in results if r.rule == spam.STANDING]
    assert "2 kommentarer" in str(standing.reason) and standing.score == 1.5


def trusted():
    settings = ModerationSettings.load()
    settings.trusted_mode = True
    settings.save()
    return settings


def test_trusted_mode_never_publishes_an_author_with_a_recent_rejection(post):
    trusted()
    reader = make_reader()
    make_comment(post, author=reader, text="Godkänd.", status=Comment.Status.PUBLISHED)
    assert submit_comment(post=post, author=reader, text="Tack, bra inlägg!").status == "published"
    make_comment(post, author=reader, text="Avvisad.", status=Comment.Status.REJECTED)
    assert submit_comment(post=post, author=reader, text="Tack igen!").status == "pending"


def test_decide_itself_refuses_trusted_publishing_after_a_spam_mark(post):
    settings = trusted()
    reader = make_reader()
    make_comment(post, author=reader, text="Godkänd.", status=Comment.Status.PUBLISHED)
    make_comment(post, author=reader, text="Spam.", status=Comment.Status.SPAM)
    comment = comment_at(post, "Hej", author=reader)
    assert decide(comment, [], settings) == "pending"  # even with no finding passed in


def test_thresholds_are_settings(post):
    eager = ModerationSettings(spam_campaign_accounts=3)
    farm = [make_reader() for _ in ADS]
    assert statuses(post, ADS, farm, settings=eager) == ["pending"] * 2 + ["spam"] * 4
    strict = ModerationSettings(spam_campaign_accounts=6)
    farm = [make_reader() for _ in ADS]
    assert statuses(post, ADS, farm, settings=strict, start=T0 + hours(24 * 30)) == (
        ["pending"] * 5 + ["spam"])


def test_a_few_readers_each_citing_one_article_once_are_not_a_campaign(post):
    texts = [f"{q} https://www.nyheter.example/artikel-om-barnrätt" for q in
             ["Bra artikel om detta:", "Läs även här:", "Se reportaget"]]
    assert statuses(post, texts, [make_reader() for _ in texts]) == ["pending"] * 3


def test_a_young_account_only_counts_while_young(post):
    late = ModerationSettings(spam_young_account_days=0, spam_few_comments=0)
    assert set(statuses(post, ADS, [make_reader() for _ in ADS], settings=late)) == {"pending"}


def test_screening_again_does_not_index_links_twice(post):
    comment, _results = screened(post, ADS[0])
    screen(comment, settings=ModerationSettings())
    assert LinkTarget.objects.filter(comment=comment).count() == 1


def test_at_most_a_few_link_targets_are_looked_up_and_stored(post):
    text = " ".join(f"https://site{i}.example{i}.com" for i in range(40))
    comment, results = screened(post, text)
    assert LinkTarget.objects.filter(comment=comment).count() == spam.spam_links.MAX_TARGETS
    assert any(r.rule == "no_spam" and "40 länkar" in str(r.reason) for r in results)


def test_non_latin_and_huge_comments_with_links(post):
    texts = ["Купите здесь https://shop.solbutik.example/ру " + "очень " * 120,
             "مرحبا https://solbutik.example/ar",
             "你好 https://solbutik.example/zh " + "好" * 700]
    assert statuses(post, texts, [make_reader()] * 3) == ["pending", "pending", "spam"]
