"""The moderation queue in the Wagtail admin: menu item with a count, listing, actions,
bulk actions and log entries. Officers need the comments.change_comment permission for
everything here, looking included: a pending comment is unpublished personal text."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from comments.models import Comment

from . import actions, decisions, queue, views
from .forms import RejectForm
from .models import LinkDomain, ListedPhrase, Organisation
from .queue import QueueFilterSet


class ModerationPermissionPolicy(ModelPermissionPolicy):
    """Every action on comments needs the moderation permission (comments.change_comment)
    as well as its own. Wagtail's default lets comments.view_comment or delete_comment
    alone open the listing, and its generic views and bulk actions ask the policy, so the
    rule is stated once here rather than in each view."""

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, "change") and super().user_has_permission(
            user, action
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        moderators = super().users_with_permission("change").values("pk")
        return super().users_with_any_permission(actions).filter(pk__in=moderators)


# Registered before the viewset below asks for its policy (Wagtail refuses it afterwards).
register_permission_policy(Comment, ModerationPermissionPolicy(Comment))


class QueueMenuItem(MenuItem):
    """"Att granska (N)": short enough for the sidebar to show the number waiting (the
    Väntar tab's count) in full; the link's title says it at length."""

    def __init__(self, *args, permission_policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission_policy = permission_policy

    def is_shown(self, request):
        return self.permission_policy.user_has_permission(request.user, "change")

    def render_component(self, request):
        waiting = queue.waiting_count()
        component = super().render_component(request)
        component.label = f"{self.label} ({waiting})"
        component.attrs = {**component.attrs, "title": ngettext(
            "%(n)s comment waits for review", "%(n)s comments wait for review", waiting,
        ) % {"n": waiting}}
        return component


class NoChooser:
    """Nothing in the admin chooses these: no chooser views (Wagtail's have no permission
    check, so they would show pending comments to any member of staff)."""

    def register_chooser_viewset(self):
        pass


class QueueIndexView(IndexView):
    """The queue: tabs with counts (queue.TABS, ?flik=), rows to decide from, and the
    officer's latest decision on top with its undo form (after a decision without
    JavaScript, which comes back here)."""

    @cached_property
    def tab(self):
        return queue.tab_for(self.request.GET.get("flik"))

    @cached_property
    def is_filtering(self):
        # The tab travels in the filter form, hidden; choosing a tab is not filtering.
        return bool(self.filters and self.filters.is_valid()
                    and set(self.filters.form.changed_data) - {"flik"})

    @cached_property
    def active_filters(self):
        return [f for f in super().active_filters if not f.auto_id.endswith("flik")]

    def order_queryset(self, queryset):
        if self.ordering and self.ordering not in ("", None):
            return super().order_queryset(queryset)
        return queryset  # each tab's own order (queue.TABS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        namespace = self.index_url_name.rsplit(":", 1)[0]
        url_for = views.url_for(lambda name: f"{namespace}:{name}")
        rows = queue.decorate(list(context["object_list"]), self.request.user, url_for)
        counts = queue.tab_counts()
        context.update({
            "object_list": rows, "current_tab": self.tab, "next_url": self.back_url(),
            "tabs": [(tab, counts[tab.key]) for tab in queue.TABS],
            "just_decided": self.just_decided({c.pk for c in rows}, url_for),
        })
        return context

    def back_url(self):
        """This page of the queue, where a decision from a row comes back to (not the
        results fragment that the filters fetch)."""
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)
        return f"{self.index_url}?{query.urlencode()}" if query else self.index_url

    def just_decided(self, listed, url_for):
        if self.results_only:
            return None
        pk = self.request.session.pop(views.JUST_DECIDED, None)
        comment = queue.queue_queryset().filter(pk=pk).first() if pk not in listed else None
        return queue.decorate([comment], self.request.user, url_for)[0] if comment else None


class CommentQueueViewSet(NoChooser, SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("To review")
    menu_name = "moderation-queue"
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = QueueIndexView
    index_template_name = "moderation/queue_index.html"
    index_results_template_name = "moderation/queue_results.html"
    filterset_class = QueueFilterSet
    search_fields = ["text"]
    search_backend_name = None
    list_per_page = 25
    copy_view_enabled = False

    def get_queryset(self, request):
        return queue.tab_for(request.GET.get("flik")).queryset()

    def get_menu_item(self, order=None):
        return QueueMenuItem(
            self.menu_label, reverse(self.get_url_name("list")), name=self.menu_name,
            icon_name=self.icon, order=order or self.menu_order,
            permission_policy=self.permission_policy,
        )

    def moderators_only(self, view):
        """Anyone without the permission gets what Wagtail gives for its own views: the
        admin's permission-denied handling (back to the dashboard with a message), not a bare
        line of text."""

        @wraps(view)
        def checked(request, *args, **kwargs):
            if not self.permission_policy.user_has_permission(request.user, "change"):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked

    def get_common_view_kwargs(self, **kwargs):
        # Comments are written by readers on the site, never added in the admin.
        return {**super().get_common_view_kwargs(**kwargs), "add_url_name": None}

    def get_urlpatterns(self):
        kept = [p for p in super().get_urlpatterns() if p.name not in ("add", "edit", "copy")]

        def bind(view):
            return lambda request, pk: view(request, pk, viewset=self)

        patterns = kept + [
            path("edit/<int:pk>/", bind(views.moderate), name="edit"),
            path("approve/<int:pk>/", bind(views.approve), name="approve"),
            path("approve-answer/<int:pk>/", bind(views.approve_answer), name="approve_answer"),
            path("reject/<int:pk>/", bind(views.reject), name="reject"),
            path("spam/<int:pk>/", bind(views.mark_spam), name="spam"),
            path("undo/<int:pk>/", bind(views.undo), name="undo"),
            path("close/<int:pk>/", bind(views.close_comments), name="close"),
            path("suspend/<int:pk>/", bind(views.suspend), name="suspend"),
        ]
        for pattern in patterns:
            pattern.callback = self.moderators_only(pattern.callback)
        return patterns


comment_queue = CommentQueueViewSet()
register_snippet(comment_queue)


class ListedPhraseViewSet(NoChooser, SnippetViewSet):
    model = ListedPhrase
    icon = "warning"
    menu_label = _("Word lists")
    list_display = ["phrase", "kind", "weight"]
    list_filter = ["kind"]
    search_fields = ["phrase"]
    search_backend_name = None


class OrganisationViewSet(NoChooser, SnippetViewSet):
    model = Organisation
    icon = "site"
    menu_label = _("Organisations")
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None


class LinkDomainViewSet(NoChooser, SnippetViewSet):
    """The spam check's allowed sites and URL shorteners (moderation/checks/spam_links.py)."""

    model = LinkDomain
    icon = "link"
    menu_label = _("Link domains")
    list_display = ["domain", "kind", "note"]
    list_filter = ["kind"]
    search_fields = ["domain", "note"]
    search_backend_name = None


register_snippet(ListedPhraseViewSet)
register_snippet(OrganisationViewSet)
register_snippet(LinkDomainViewSet)


class ModeratorsOnlyBulkAction:
    """403 before anything is read. A bulk action's confirmation page lists every selected
    item, the ones the user may not act on too ("items with no access"), so a per-item
    check_perm alone would still show pending comments (or the word lists) to anyone in
    the admin."""

    models = [Comment]

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied  # Wagtail's own handling: the dashboard and its message
        return super().dispatch(request, *args, **kwargs)


# Wagtail registers its snippet "delete" for every snippet model; this one takes its
# place for the moderation's models (a later registration of the same action wins, hence
# the order).
@hooks.register("register_bulk_action", order=100)
class DeleteModerationSnippetsBulkAction(ModeratorsOnlyBulkAction, DeleteBulkAction):
    models = [Comment, ListedPhrase, Organisation, LinkDomain]


class CommentBulkAction(ModeratorsOnlyBulkAction, SnippetBulkAction):
    """Base of the queue's bulk actions: only for comments, only for moderators."""

    template_name = "moderation/bulk_confirm.html"
    # Each action defines act(comment, user) and done(n), the message after n comments.

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.done(num_parent_objects) % {"n": num_parent_objects}

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission(self.request.user, "change")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        self = kwargs["self"]
        for comment in objects:
            self.act(comment, self.request.user)
        return len(objects), 0


def plain_decision(action_type, display_name, aria_label, priority, decide, done):
    """A bulk decision that needs nothing but the comment and the officer, registered.
    `decide(comment, user)` is an action of moderation.actions; `done(n)` the message."""
    bulk_action = type(f"{action_type.capitalize()}BulkAction", (CommentBulkAction,), {
        "display_name": display_name, "action_type": action_type, "aria_label": aria_label,
        "action_priority": priority, "done": staticmethod(done),
        "act": lambda self, comment, user: decide(comment, user),
    })
    hooks.register("register_bulk_action", bulk_action)
    return bulk_action


ApproveBulkAction = plain_decision(
    "approve", _("Approve"), _("Approve the selected comments"), 10, actions.approve,
    lambda n: ngettext("%(n)s comment approved.", "%(n)s comments approved.", n),
)


@hooks.register("register_bulk_action")
class RejectBulkAction(CommentBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments")
    form_class = RejectForm
    action_priority = 20

    @staticmethod
    def done(n):
        return ngettext("%(n)s comment rejected.", "%(n)s comments rejected.", n)

    def act(self, comment, user):
        data = self.cleaned_form.cleaned_data
        actions.reject(comment, user, data["rules"], data["note"])


SpamBulkAction = plain_decision(
    "spam", _("Spam"), _("Mark the selected comments as spam"), 30, actions.mark_spam,
    lambda n: ngettext("%(n)s comment marked as spam.", "%(n)s comments marked as spam.", n),
)


@hooks.register("register_log_actions")
def register_moderation_log_actions(registry):
    registry.register_action(decisions.APPROVE, _("Approve"), _("Comment approved and published"))
    registry.register_action(decisions.SPAM, _("Spam"), _("Comment marked as spam"))
    registry.register_action(decisions.UNDO, _("Undo"), _("Moderation decision undone"))
    registry.register_action(decisions.SUSPEND, _("Suspend"), _("Author suspended from commenting"))
    from . import record  # reject, unpublish and the evidence export, with rules and notes

    record.register(registry)
