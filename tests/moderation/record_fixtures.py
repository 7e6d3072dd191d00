"""Staff and comments for the record's tests (history and evidence)."""

import pytest
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


@pytest.fixture
def officer(db):
    return staff("officer", "view_comment", "change_comment", full_name="Olga Officer")


@pytest.fixture
def blogger(db):
    return staff("blogger")


@pytest.fixture
def viewer(db):
    """A member of staff who may look at comments but not moderate them."""
    return staff("viewer", "view_comment", "delete_comment")


def pending(post, text="Väntar", **kw):
    return make_comment(post, text=text, status=Comment.Status.PENDING, **kw)
