"""Demo comments: published comments from demo readers on the seed 001 post, pending ones
(one the screening flags, one it finds nothing in), two more for an officer to reject and to
mark as spam (`moderation`'s `load_demo_moderation` decides those), and one post closed to
comments, so a newcomer sees every state an officer meets. A conversation under two of the
readers' questions: the demo blogger's answer ("Svar från MR-bloggen"), a reader's reply, and
a reply waiting for review.

A new pending comment is stored through `store_new_comment`, as one written on the site is, so
the screening (in `moderation`, which this app never imports) stores its findings.
Idempotent, like `load_demo` (run that first): comments are looked up by post, author and
text. Refuses to run with DEBUG off unless --force.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from blog.models import BlogPost
from comments.closure import close
from comments.models import AnswerRole, Comment, Discussion, ReaderProfile
from comments.signals import store_new_comment

DEMO_PASSWORD = "mr-demo-2024"  # noqa: S105 — the same demo-only password as load_demo
COMMENTED_POST = "skr-bjuder-in-till-regionala-mr-konferenser-i-samverkan"
CLOSED_POST = "regional-konferens-manskliga-rattigheter-umea"
READERS = [
    ("lasare@example.org", "Karin i Skellefteå"),
    ("lasare2@example.org", "Ahmed, socialtjänsten"),
    ("lasare3@example.org", "Maja H."),
]
FLAGGED_TEXT = "Vilket idiotiskt inlägg. Ni på SKR är dumma i huvudet och borde hålla käften."
TO_REJECT_TEXT = "Sluta skriva om rättigheter, era jävla byråkrater. Ingen bryr sig."
SPAM_TEXT = (
    "Billiga klockor och casino-bonus! Klicka här: https://billiga-klockor.example/erbjudande"
)
COMMENTS = [
    ("lasare2@example.org", Comment.Status.PUBLISHED,
     "Tack för ett bra inlägg! Kommer konferensen i Malmö att ha samma program som den i Umeå?"),
    ("lasare3@example.org", Comment.Status.PUBLISHED,
     "Vi har börjat arbeta med rättighetsbaserade arbetssätt i vår förvaltning.\n\n"
     "Det vore värdefullt att höra fler exempel från kommuner som kommit längre. "
     "Finns materialet samlat någonstans? https://skr.se"),
    ("lasare@example.org", Comment.Status.PUBLISHED,
     "Viktigt att kulturlivet och samhällsplaneringen nämns — rättigheterna gäller hela verksamheten."),
    ("lasare@example.org", Comment.Status.PENDING,
     "Blir det möjligt att delta digitalt för oss som har långt att resa?"),
    # Flagged by the screening's tone check: pending with findings.
    ("lasare3@example.org", Comment.Status.PENDING, FLAGGED_TEXT),
    # For load_demo_moderation: rejected citing a rule, and marked as spam.
    ("lasare2@example.org", Comment.Status.PENDING, TO_REJECT_TEXT),
    ("lasare3@example.org", Comment.Status.PENDING, SPAM_TEXT),
]


BLOGGER = "bloggare@example.org"  # load_demo's blogger, who answers as the blog
MALMO_QUESTION = COMMENTS[0][2]
MATERIAL_QUESTION = COMMENTS[1][2]
BLOG_ANSWER = (
    "Ja, programmet i Malmö bygger på samma upplägg som i Umeå, med egna exempel från "
    "kommunerna i Skåne. Vi lägger ut det under inlägget så snart det är klart."
)
# (author, status, text, the question it answers, the blog's role or "")
REPLIES = [
    (BLOGGER, Comment.Status.PUBLISHED, BLOG_ANSWER, MALMO_QUESTION, AnswerRole.BLOGGER),
    ("lasare@example.org", Comment.Status.PUBLISHED,
     "Vi samlade våra exempel i en rapport från förra året, jag kan skicka den till er.",
     MATERIAL_QUESTION, ""),
    # Waits for review, screened as one written on the site is.
    ("lasare2@example.org", Comment.Status.PENDING,
     "Tack för svaret! Blir programmet för Malmö också tillgängligt på engelska?",
     MALMO_QUESTION, ""),
]


class Command(BaseCommand):
    help = "Loads demo comments (after load_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demokommentarer laddas bara med DEBUG på (eller --force).")
        with transaction.atomic():
            try:
                post = BlogPost.objects.get(slug=COMMENTED_POST)
                closed = BlogPost.objects.get(slug=CLOSED_POST).specific
            except BlogPost.DoesNotExist:
                raise CommandError("Kör load_demo först.") from None
            readers = {email: self.reader(email, name) for email, name in READERS}
            for email, status, text in COMMENTS:
                author = readers[email]
                if Comment.objects.filter(post=post, author=author, text=text).exists():
                    continue
                comment = Comment(post=post, author=author, text=text, status=status)
                if status == Comment.Status.PENDING:
                    store_new_comment(comment)  # screened as one written on the site is
                else:
                    comment.save()
            self.replies(post, readers)
            if not Discussion.closed_by_editor(closed.pk):
                close(closed, None)
        self.stdout.write(
            f"Demokommentarer: {Comment.objects.filter(post=post).count()} på ”{post.title}”, "
            f"”{closed.title}” är stängd för kommentarer."
        )

    def replies(self, post, readers):
        blogger = get_user_model().objects.filter(email__iexact=BLOGGER).first()
        if blogger is None:
            raise CommandError("Kör load_demo först.")
        authors = {**readers, BLOGGER: blogger}
        for email, status, text, question, role in REPLIES:
            author = authors[email]
            if Comment.objects.filter(post=post, author=author, text=text).exists():
                continue
            parent = Comment.objects.get(post=post, text=question, parent=None)
            comment = Comment(post=post, author=author, text=text, status=status, parent=parent,
                              answer_role=role)
            if status == Comment.Status.PENDING:
                store_new_comment(comment)
            else:
                comment.save()

    def reader(self, email, display_name):
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(username=email, email=email, password=DEMO_PASSWORD)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        ReaderProfile.objects.update_or_create(user=user, defaults={"display_name": display_name})
        return user
