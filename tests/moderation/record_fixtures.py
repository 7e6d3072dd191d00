"""Staff and comments for the record's tests (history and evidence)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from comments.models import Comment
from tests.comments.factory import make_comment
from tests.staff import give_totp

QUEUE = "/admin/snippets/comments/comment/"


def staff(name, *permissions, full_name=""):
    first, _, last = full_name.partition(" ")
    user = get_user_model().objects.create_user(
        name, f"{name}@example.org", "pw", first_name=first, last_name=last)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in permissions:
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="comments"))
    return give_totp(user)


def make_officer():
    return staff("officer", "view_comment", "change_comment", full_name="Olga Officer")


def pending(post, text="Väntar", **kw):
    return make_comment(post, text=text, status=Comment.Status.PENDING, **kw)
