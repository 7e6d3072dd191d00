"""Fixtures of the blog tests."""

import io

import pytest
from django.core.management import call_command

from blog.models import BlogIndexPage


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force", stdout=io.StringIO())
    return BlogIndexPage.objects.get()

