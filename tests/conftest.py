import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_blog_index


@pytest.fixture
def blog_index(db):
    return make_blog_index()


@pytest.fixture
def editor_client(client, db):
    """A client logged in as a superuser of the Wagtail admin."""
    user = get_user_model().objects.create_superuser("redaktor", "redaktor@example.org", "pw")
    client.force_login(user)
    return client
