"""Settings shared by every environment: Django, Wagtail and the libraries. The product's
own settings are in product.py. Environment files override, never repeat."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .product import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "blog",
    "blog.subscriptions",
    "blog.events",
    "blog.contact",
    "comments",
    "moderation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "captcha",
    # Django's own widget templates for the project's template engine (FORM_RENDERER).
    "django.forms",
    # The kernel is an app: its ready() connects the page cache, its wagtail_hooks.py adds the
    # 2FA link to the admin.
    "mrblogg",
    # Security: Content-Security-Policy and two-factor authentication (below).
    "csp",
    "allauth.mfa",
]

# The page cache (mrblogg/cache.py): Django's cache middleware on the "pages" cache, cleared
# whenever what readers see changes. Logged-in people are never served it. Fetching comes
# right after the last middleware that adds to Vary (sessions: Cookie; locale:
# Accept-Language), as Django asks, and no later: a page from the cache needs nothing from
# CSRF, authentication, messages or redirects (the stored response already has every header
# they would add), and skipping them makes a cached page nearly as cheap as a static file.
# Pages are compressed before they are stored (GZip inside UpdateCache, so the cache keeps
# and serves the compressed bytes; Vary: Accept-Encoding keys them). Django's GZipMiddleware
# pads its output against BREACH; WhiteNoise's files come compressed already and pass through.
MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, so every response (WhiteNoise's, redirects) gets the
    # headers (mrblogg/security.py).
    "mrblogg.security.SecurityHeadersMiddleware",
    # A database outage in any step gives the form back with a 503 (mrblogg/unavailable.py).
    "mrblogg.unavailable.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Right after the last middleware that adds to Vary (see above).
    "django.middleware.cache.FetchFromCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mrblogg.cache.PersonalPagesNotStored",
    # After authentication and messages: it reads the user and leaves a message.
    "mrblogg.security.MFARequiredMiddleware",
]

ROOT_URLCONF = "mrblogg.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # `site_generation` for `{% cache %}` blocks (mrblogg/fragments.py).
                "mrblogg.fragments.generations",
            ],
        },
    },
]

WSGI_APPLICATION = "mrblogg.wsgi.application"

# One variable names the database; SQLite in the project folder when it is unset.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60,
        # A kept connection is checked before each request reuses it: after a database
        # restart the first request would otherwise fail on the dead one (a 500 or a 503).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once (the web server and the task worker
    # share the file), but briefly: a visitor waits the whole time, and what they sent comes
    # back with "try again in a moment" after it (mrblogg/unavailable.py). Every write
    # transaction here takes milliseconds.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 5
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Writers queue for the database lock from the start of a transaction, so a
    # read-then-write (the comment limit, event capacity) cannot interleave.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Page editor forms with many StreamField blocks exceed Django's default.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The anonymous page cache (mrblogg/cache.py, MIDDLEWARE above).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "mrblogg-pages",
    },
    # Fragments of pages (comment lists, the side column, settings): mrblogg/fragments.py.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "mrblogg-fragments",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
FRAGMENT_CACHE_SECONDS = 600
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_SECONDS = 600
CACHE_MIDDLEWARE_KEY_PREFIX = "mrblogg"

# Background tasks: a real queue in the database, worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Every e-mail goes into the outbox (mrblogg/outbox.py) in the transaction that caused it, and
# the task worker hands it to EMAIL_TRANSPORT_BACKEND (product.py).
EMAIL_BACKEND = "mrblogg.outbox.QueuedEmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MR-bloggen <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

WAGTAIL_SITE_NAME = "MR-bloggen"
# The site's one public address (mrblogg/addresses.py): `manage.py set_site_address` writes it
# into the default Wagtail Site, which every absolute link reads; Wagtail's own admin mails
# read WAGTAILADMIN_BASE_URL, so it is the same value. `make run` sets it to where it serves.
SITE_ADDRESS = os.environ.get("SITE_ADDRESS", "http://127.0.0.1:8000").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_ADDRESS
WAGTAIL_I18N_ENABLED = False
# New page slugs are transliterated ASCII (blog/slugs.py); the admin's script writes them so.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# No requests from the admin to other hosts: staff avatars are not fetched from Gravatar (it
# would hand a hash of each staff address to a third party) and the dashboard does not ask
# releases.wagtail.org for new versions (upgrades go through requirements.txt).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Search: Wagtail's database backend. On PostgreSQL it uses full-text search
# with the Swedish configuration, so "rättigheter" finds "rättighet".
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "swedish",
    }
}

# Accounts: django-allauth, e-mail and password, e-mail verified before commenting.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "comments.forms.ReaderSignupForm"
# The same forms, given back with what was typed when the database fails (KeepsInput).
ACCOUNT_FORMS = {
    "signup": "comments.accounts.HumanCheckedSignupForm",
    "login": "comments.accounts.ReaderLoginForm",
    "reset_password": "comments.accounts.ReaderResetPasswordForm",
}
ACCOUNT_ADAPTER = "comments.accounts.ReaderAccountAdapter"
# A person is named by the display name they chose, never by the internal username.
ACCOUNT_USER_DISPLAY = "comments.models.display_name_of"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MR-bloggen] "
ACCOUNT_PREVENT_ENUMERATION = True
# A password reset for an address with no account sends nothing (README, "Comments"): the
# page says the same either way, and the site does not mail people who never gave it their
# address.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Counted in the cache (Redis in production, shared by every web process).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "10/m/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
LOGIN_URL = "/konto/login/"
LOGIN_REDIRECT_URL = "/"
# Wagtail's own login page would bypass allauth: both lead to allauth's. The admin's goes
# through mrblogg.security.admin_login, which tells a logged-in reader that they have no
# access (allauth's login would send them straight back to the admin: a redirect loop).
WAGTAILADMIN_LOGIN_URL = "/admin/login/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# CAPTCHA (django-simple-captcha): the one field is mrblogg.captcha.HumanCheckField. Its
# audio is spoken in Swedish in-process by espeak-ng from PyPI (mrblogg.speech), served by
# mrblogg.captcha.audio; django-simple-captcha's own flite call stays off.
CAPTCHA_FONT_SIZE = 30
CAPTCHA_IMAGE_SIZE = (120, 40)
CAPTCHA_LETTER_ROTATION = (-25, 25)
CAPTCHA_TIMEOUT = 15  # minutes
CAPTCHA_FLITE_PATH = None
CAPTCHA_AUDIO = True  # offered only where the Swedish voice really loads

# Form widgets render through the project's template engine, so widget templates
# in templates/ (the human check's, templates/blog/widgets/) are found; "django.forms"
# provides Django's own widget templates to that engine.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Security: headers, Content-Security-Policy, two-factor authentication ------------------
# (csp and allauth.mfa in INSTALLED_APPS, mrblogg.security's two middlewares in MIDDLEWARE.)
SECURITY_ADMIN_PATH_PREFIX = "/admin/"
# Public pages: nothing inline and no nonce (pages are cached; a cached nonce is no nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],  # the CAPTCHA's audio file
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# The Wagtail admin and its previews (mrblogg/security.py): Wagtail writes inline scripts
# and styles, shows uploads as blob: images and frames the preview. Nothing from other hosts:
# Wagtail's two outside requests are switched off (WAGTAIL_GRAVATAR_PROVIDER_URL and
# WAGTAIL_ENABLE_UPDATE_CHECK; tests/e2e/test_admin_csp.py saw
# both blocked before).
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    "camera": "()", "microphone": "()", "geolocation": "()", "payment": "()", "usb": "()",
    "interest-cohort": "()",
}
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Django's defaults, spelled out because tests and the Observatory rely on them.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Two-factor authentication for staff: allauth's MFA (an authenticator app and recovery
# codes), at /konto/2fa/. Everyone who can reach the admin must set it up before using it
# (mrblogg/security.py, requires_mfa); there is no setting to turn that off.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MR-bloggen"
# Passwords are reset through allauth only (rate-limited, enumeration-safe); Wagtail's
# own reset views answer 404.
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Uploaded images: type, file size and pixel count (a small file can decode to a huge image).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
