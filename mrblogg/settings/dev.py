"""`make run`: local, DEBUG on, e-mail printed to the terminal."""

from .base import *  # noqa: F403

DEBUG = True
# Only for the local demo; production refuses to start without its own key.
SECRET_KEY = "dev-only-not-secret-mrblogg"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
WHITENOISE_AUTOREFRESH = True
