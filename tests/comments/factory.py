"""Readers and comments for tests."""

import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from comments.models import Comment, ReaderProfile

_seq = itertools.count(1)


def make_reader(display_name=None, email=None, verified=True, password="lösenord-123"):
    n = next(_seq)
    email = email or f"lasare{n}@example.org"
    user = get_user_model().objects.create_user(username=email, email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    ReaderProfile.objects.create(user=user, display_name=display_name or f"Läsare {n}")
    return user


def make_comment(post, author=None, text="En kommentar.", status=Comment.Status.PUBLISHED):
    return Comment.objects.create(post=post, author=author or make_reader(), text=text, status=status)
