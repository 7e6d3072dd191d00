"""The product's own settings, read by its code alone (limits, delays, the e-mail outbox,
the periodic commands). Imported by base.py; environment files override, never repeat."""

import os

# How many proxies of ours stand in front of the application, each adding to X-Forwarded-For
# (mrblogg/clientip.py). 0: requests come straight from the client, REMOTE_ADDR is the client,
# and X-Forwarded-For is ignored (anyone can write it). Every rate limit, allauth's included,
# counts the address this gives. Production reads it from the environment.
TRUSTED_PROXY_COUNT = 0

# --- The e-mail outbox (mrblogg/outbox.py) and the task queue -------------------------------
# Every e-mail goes into the outbox (EMAIL_BACKEND, settings.base) in the transaction that
# caused it, and the task worker hands it to EMAIL_TRANSPORT_BACKEND, retrying while the
# server is down.
EMAIL_TRANSPORT_BACKEND = "django.core.mail.backends.console.EmailBackend"
OUTBOX_RETRY_DELAY = 60  # seconds before the second attempt; doubled each time
OUTBOX_RETRY_MAX_DELAY = 3600
OUTBOX_GIVE_UP_AFTER = 3 * 24 * 3600  # then the e-mail is marked failed (and logged)
OUTBOX_SWEEP_GRACE = 120  # a due e-mail whose task has not run this long after is queued again
# The longest a worker may take to hand one e-mail to the server before another may try.
OUTBOX_CLAIM_SECONDS = 300
# A notice of a published answer still waiting this long is queued again (send_answer_notices).
ANSWER_NOTICE_SWEEP_GRACE = 120
# A task RUNNING this long has lost its worker (killed): requeue_stale_tasks runs it again.
TASKS_STALE_AFTER = 1800

# (every N seconds, management command, *arguments), run by `manage.py run_periodic`.
PERIODIC_COMMANDS = [
    (60, "publish_scheduled"),
    (60, "send_queued_email"),
    (300, "requeue_stale_tasks"),
    # Sent e-mail leaves the outbox after MailSettings.outbox_retention_days.
    (3600, "purge_outbox"),
    # The sweeper re-queues mailings whose task chain stopped (a worker died).
    (300, "resume_mailings"),
    # "Told when answered": notices of published answers whose task did not run
    # (comments/notify.py, ANSWER_NOTICE_SWEEP_GRACE).
    (300, "send_answer_notices"),
    # The contact-form retention purge; the number of days to keep is a site setting
    # (BlogSettings).
    (3600, "purge_contact_messages"),
    # Contact and registration e-mails whose task did not finish (FORM_EMAILS_GRACE).
    (600, "resend_form_emails"),
    # Forget spam-index rows older than the spam window (moderation/checks/spam.py).
    (3600, "prune_spam_index"),
    # Forget rate-limit counters of long-past windows (mrblogg/ratelimit.py).
    (3600, "prune_rate_limits"),
    # Handled reports on comments go after COMMENT_REPORTS_KEEP_DAYS (comments/reports.py).
    (3600, "prune_comment_reports"),
    # Retrain the screening model on the officers' decisions (moderation/learning/tasks.py).
    (86400, "retrain_screening_model"),
]

# --- The blog ---------------------------------------------------------------------------------
BLOG_POSTS_PER_PAGE = 10
BLOG_SEARCH_RESULTS_PER_PAGE = 10
# The page types an editor may create under the blog index (BlogIndexPage.subpage_types).
BLOG_INDEX_CHILD_PAGE_TYPES = [
    "blog.BlogPost", "events.EventPost", "blog.StandardPage", "contact.ContactPage",
    "moderation.ModerationReportPage",  # "Så modererar vi" (moderation/pages.py)
]

# --- Subscriptions (blog.subscriptions): double opt-in, one e-mail per new post ---------------
# Days a confirmation link stays valid.
SUBSCRIPTIONS_CONFIRM_DAYS = 7
# A pending subscriber asking again gets the confirmation again at most this often (seconds).
SUBSCRIPTIONS_RESEND_AFTER = 3600
# (attempts, window in seconds) per e-mail address and per client network.
SUBSCRIPTIONS_RATE_LIMIT_ADDRESS = (5, 3600)
SUBSCRIPTIONS_RATE_LIMIT_CLIENT = (20, 3600)
# E-mails sent per task; each batch is its own task, so a stopped worker loses at most one.
SUBSCRIPTIONS_BATCH_SIZE = 100
# Retries of a failing delivery (back-off doubles from the first delay), then FAILED.
SUBSCRIPTIONS_MAX_ATTEMPTS = 5
SUBSCRIPTIONS_RETRY_DELAY = 60
# A mail server that cannot be reached: the batch waits, doubling from the first delay to this.
SUBSCRIPTIONS_RETRY_MAX_DELAY = 3600
# A delivery claimed longer ago than this belongs to a worker that died mid-batch; it is sent
# again (every accepted message is marked sent at once, so it was almost surely not sent).
SUBSCRIPTIONS_CLAIM_TIMEOUT = 900
# A mailing with due deliveries and no batch for this long has lost its worker (seconds).
SUBSCRIPTIONS_STALL_AFTER = 600
# The mailto: in List-Unsubscribe; empty means the address of DEFAULT_FROM_EMAIL.
SUBSCRIPTIONS_UNSUBSCRIBE_MAILTO = os.environ.get("SUBSCRIPTIONS_UNSUBSCRIBE_MAILTO", "")

# --- Forms (blog): the contact form and registration for events ------------------------------
# Contact and registration e-mails whose task did not finish this long after the form was
# sent are queued again (resend_form_emails), for up to two days.
FORM_EMAILS_GRACE = 600
FORM_EMAILS_GIVE_UP_AFTER = 2 * 24 * 3600
# At most this many contact messages per client (mrblogg/ratelimit.py) in the window (seconds).
CONTACT_RATE_LIMIT = 5
CONTACT_RATE_WINDOW = 3600
# Registrations for events, (attempts, window in seconds): every POST from one client (its
# address, its /64 on IPv6), and every registration with one e-mail address, over all events.
REGISTRATION_RATE_LIMIT_CLIENT = (10, 3600)
REGISTRATION_RATE_LIMIT_ADDRESS = (5, 3600)

# --- Moderation ---------------------------------------------------------------------------------
MODERATION_OFFICER_GROUP = "Informationsansvariga"

# --- Readers' reports on published comments (comments/reports.py) ---------------------------
# (attempts, window in seconds) per reader and per client network (mrblogg/ratelimit.py).
COMMENT_REPORTS_RATE_LIMIT_READER = (10, 3600)
COMMENT_REPORTS_RATE_LIMIT_CLIENT = (30, 3600)
# The longest note a reader may add to a report (characters).
COMMENT_REPORTS_MAX_LENGTH = 500
# A report an officer has handled is deleted this many days later (prune_comment_reports).
COMMENT_REPORTS_KEEP_DAYS = 90

# How long opening or deciding on a comment keeps it an officer's own (moderation/claims.py).
MODERATION_CLAIM_MINUTES = 5
