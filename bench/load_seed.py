"""Seed the two pages bench/load.sh compares, after `load_demo`.

- a bench post: the body, intro, bloggers and tags of the longest demo post, with 100
  published comments by five readers (varied length, some with paragraphs and a link);
- a plain article: the same body, intro, bloggers and tags, and no comments.

Both are ordinary published BlogPosts, so the only difference between their pages is the
comments. Idempotent: looks both up by slug, and adds comments only up to 100.
Prints `post=<path>` and `article=<path>`, one a line, for the shell script.

    DJANGO_SETTINGS_MODULE=... DATABASE_URL=... .venv/bin/python bench/load_seed.py
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mrblogg.settings.dev")

COMMENTS = 100
POST_SLUG = "lasttest-inlagg-med-kommentarer"
ARTICLE_SLUG = "lasttest-inlagg-utan-kommentarer"
READERS = [
    ("lasttest1@example.org", "Karin i Skellefteå"),
    ("lasttest2@example.org", "Ahmed, socialtjänsten"),
    ("lasttest3@example.org", "Maja H."),
    ("lasttest4@example.org", "Per, förvaltningschef"),
    ("lasttest5@example.org", "Lena i Växjö"),
]
SENTENCES = [
    "Tack för ett bra och tydligt inlägg.",
    "Vi har börjat arbeta med rättighetsbaserade arbetssätt i vår förvaltning.",
    "Det vore värdefullt att höra fler exempel från kommuner som kommit längre.",
    "Hur har ni följt upp arbetet i de verksamheter som möter barn och unga?",
    "Rättigheterna gäller hela verksamheten, inte bara socialtjänsten och skolan.",
    "Finns materialet samlat någonstans, så att vi kan använda det på vår arbetsplatsträff?",
    "Vi saknar fortfarande en tydlig ansvarsfördelning mellan nämnderna.",
    "Jag håller med om att det behövs kunskap om diskrimineringslagen hos alla chefer.",
]


def comment_text(i):
    """Deterministic, varied: one to four sentences, every fifth with a second paragraph,
    every seventh with a link (rendered through the sanitiser like a reader's)."""
    n = 1 + i % 4
    text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(n))
    if i % 5 == 0:
        text += "\n\n" + SENTENCES[(i * 3) % len(SENTENCES)]
    if i % 7 == 0:
        text += " Se https://skr.se/manskligarattigheter"
    return text


def main():
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from blog.models import BlogIndexPage, BlogPost
    from comments.models import Comment, ReaderProfile

    index = BlogIndexPage.objects.first()
    if index is None:
        sys.exit("Run `manage.py load_demo` first.")
    demo = [p for p in BlogPost.objects.live().exact_type(BlogPost).specific()
            if p.slug not in (POST_SLUG, ARTICLE_SLUG)]
    if not demo:
        sys.exit("No demo post to copy: run `manage.py load_demo` first.")
    source = max(demo, key=lambda p: len(str(p.body.raw_data)))

    def copy(slug, title):
        page = BlogPost.objects.filter(slug=slug).first()
        if page is not None:
            return page.specific
        page = BlogPost(
            title=title, slug=slug, intro=source.intro, date=source.date,
            body=[{"type": b["type"], "value": b["value"]} for b in source.body.raw_data],
        )
        index.add_child(instance=page)
        page.bloggers.set(source.bloggers.all())
        page.tags.set(list(source.tags.all()))
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    with transaction.atomic():
        post = copy(POST_SLUG, "Lasttest: inlägg med kommentarer")
        article = copy(ARTICLE_SLUG, "Lasttest: inlägg utan kommentarer")
        users = []
        for email, name in READERS:
            user, created = get_user_model().objects.get_or_create(
                username=email, defaults={"email": email})
            if created:
                user.set_unusable_password()
                user.save()
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            ReaderProfile.objects.get_or_create(user=user, defaults={"display_name": name})
            users.append(user)
        have = Comment.objects.filter(post=post, status=Comment.Status.PUBLISHED).count()
        # bulk_create sends no post_save, so the page cache is not cleared per comment;
        # nothing is cached yet (the servers start after this).
        Comment.objects.bulk_create(
            Comment(post=post, author=users[i % len(users)], text=comment_text(i),
                    status=Comment.Status.PUBLISHED)
            for i in range(have, COMMENTS)
        )
    print(f"post={post.url}")
    print(f"article={article.url}")
    print(f"source={source.slug}", file=sys.stderr)


if __name__ == "__main__":
    main()
