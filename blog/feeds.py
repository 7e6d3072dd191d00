"""RSS 2.0 and Atom feeds of the blog, and of one tag.

Every link is absolute at the site's public address (mrblogg/addresses.py): Django's Feed
would otherwise prefix relative ones with the request's host."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from mrblogg.addresses import public_url

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    def __init__(self, blog_index, tag=None):
        super().__init__()
        self.blog_index = blog_index
        self.tag = tag

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.tag:
            return _("%(blog)s: posts tagged %(tag)s") % {
                "blog": self.blog_index.title, "tag": self.tag.name,
            }
        return self.blog_index.title

    def link(self):
        return public_url(self.blog_index.get_url(self.request) or "/")

    def feed_url(self):
        return public_url(self.request.path)

    def description(self):
        return _("New posts on the blog about human rights in municipalities and regions.")

    def items(self):
        posts = self.blog_index.posts()
        if self.tag:
            posts = posts.filter(tags=self.tag)
        return posts[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return public_url(item.get_url(self.request) or "/")

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return ", ".join(b.name for b in item.bloggers.all())

    def item_categories(self, item):
        return [t.name for t in item.tags.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
