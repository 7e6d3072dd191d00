"""Small, explicit factories for test data: keyword defaults, nothing hidden."""

import datetime
import itertools

from wagtail.models import Page, Site

from blog.models import BlogIndexPage, Blogger, BlogPost, EventPost, StandardPage

_seq = itertools.count(1)


def make_blog_index(title="MR-bloggen"):
    """The blog index as the root page of the default site (like the real site)."""
    existing = BlogIndexPage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    index = root.add_child(instance=BlogIndexPage(title=title, slug="mr-bloggen"))
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = index
    site.save()
    if old_root.pk != index.pk and old_root.depth == 2 and not isinstance(old_root.specific, BlogIndexPage):
        old_root.delete()
    return index


def make_blogger(name=None, slug=None, role="SKR", bio=""):
    n = next(_seq)
    name = name or f"Bloggare {n}"
    return Blogger.objects.create(name=name, slug=slug or f"bloggare-{n}", role=role, bio=bio)


def _publish(index, page, bloggers, tags):
    index.add_child(instance=page)
    page.bloggers.set(bloggers)
    if tags:
        page.tags.add(*tags)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_post(index=None, title=None, bloggers=None, tags=(), date=None, intro="En ingress.",
              body=None, live=True):
    index = index or make_blog_index()
    n = next(_seq)
    post = BlogPost(
        title=title or f"Inlägg {n}", slug=f"inlagg-{n}", intro=intro,
        date=date or datetime.date(2024, 1, 1), body=body or [],
    )
    bloggers = bloggers if bloggers is not None else [make_blogger()]
    if not live:
        post.live = False
        index.add_child(instance=post)
        post.bloggers.set(bloggers)
        post.save_revision()
        return post
    return _publish(index, post, bloggers, tags)


def make_event(index=None, title=None, bloggers=None, tags=(), **fields):
    index = index or make_blog_index()
    n = next(_seq)
    defaults = dict(
        intro="Välkommen till en konferens.", date=datetime.date(2022, 10, 1),
        start_date=datetime.date(2022, 11, 30), start_time=datetime.time(10, 0),
        end_time=datetime.time(16, 0), venue_name="Scandic Plaza Umeå",
        street_address="Storgatan 40", locality="Umeå",
        registration_deadline=datetime.date(2022, 11, 24), is_free=True,
    )
    defaults.update(fields)
    event = EventPost(title=title or f"Konferens {n}", slug=f"konferens-{n}", **defaults)
    return _publish(index, event, bloggers if bloggers is not None else [make_blogger()], tags)


def make_standard_page(index=None, title="Om bloggen", slug="om-bloggen", intro=""):
    index = index or make_blog_index()
    page = StandardPage(title=title, slug=slug, intro=intro)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page
