"""The mail-fault harness (tests/mail_faults.py) for "told when answered": followers of two
comments, two answers published (an officer's approval of a reader's reply, and a staff
answer), the real `db_worker` SIGKILLed at random points or the mail server down. Every
follower must get exactly one e-mail; the only duplicate allowed is a kill between the
server's 250 and the outbox's UPDATE (counted per kill, as for the mailings)."""

from collections import Counter

from tests.mail_faults import Run

SUBJECT = "Nytt svar på din kommentar"


class NoticeRun(Run):
    def __init__(self, name, server, followers, rng=None, log=None):
        super().__init__(name, server, subscribers=0, emails=0, rng=rng, log=log)
        self.subscriber_addresses = {f"foljare-{name}-{n}@example.org" for n in range(followers)}
        self.outcome.subscribers = followers
        self.answers = []

    def settings(self):
        from django.test.utils import override_settings

        outer = super().settings()

        class Both:
            def __enter__(self_):
                outer.__enter__()
                self.inner = override_settings(ANSWER_NOTICE_SWEEP_GRACE=0)
                self.inner.__enter__()

            def __exit__(self_, *exc):
                self.inner.__exit__(*exc)
                outer.__exit__(*exc)

        return Both()

    def publish(self):
        """Followers split over two questions; a reader's reply approved by an officer under
        the first, a staff answer under the second, each committed on its own."""
        from django.contrib.auth import get_user_model
        from django.db import transaction

        from comments.models import AnswerRole, Comment, Follow
        from comments.signals import store_blog_answer
        from moderation import actions
        from tests.comments.factory import make_reader
        from tests.factories import make_post
        from tests.staff import make_staff

        users = get_user_model().objects.bulk_create(
            [get_user_model()(username=a, email=a) for a in sorted(self.subscriber_addresses)]
        )
        with self.settings():
            post = make_post(title=f"Samtal {self.name} – åäö 你好")
            questions = [
                Comment.objects.create(post=post, author=make_reader(), text=f"Fråga {n}",
                                       status=Comment.Status.PUBLISHED)
                for n in (1, 2)
            ]
            Follow.objects.bulk_create(
                [Follow(reader=u, comment=questions[i % 2]) for i, u in enumerate(users)]
            )
            officer = make_staff("Informationsansvariga", username=f"officer-{self.name}@x.org")
            reply = Comment.objects.create(post=post, author=make_reader(), parent=questions[0],
                                           text="Svar från en läsare: ja!")
            actions.approve(reply, officer)
            with transaction.atomic():
                answer = store_blog_answer(Comment(
                    post=post, author=officer, parent=questions[1], text="Svar från bloggen",
                    answer_role=AnswerRole.OFFICER,
                ))
        self.answers = [reply.pk, answer.pk]

    def _ours(self):
        from comments.models import AnswerNotice

        return AnswerNotice.objects.filter(answer_id__in=self.answers)

    def sent_addresses(self):
        return set(
            self._ours().filter(outgoing__status="sent").values_list("reader__email", flat=True)
        )

    def statuses(self):
        notices = Counter(self._ours().values_list("status", flat=True))
        emails = Counter(self._ours().exclude(outgoing=None).values_list("outgoing__status",
                                                                           flat=True))
        return {"notices": dict(notices), "outbox": dict(emails)}

    def unfinished(self):
        statuses = self.statuses()
        done = sum(statuses["outbox"].get(s, 0) for s in ("sent", "failed"))
        return done < len(self.subscriber_addresses)

    def tally(self):
        expected = self.subscriber_addresses
        counts = Counter(r for message in self.server.accepted for r in message if r in expected)
        o = self.outcome
        o.delivered = len(counts)
        o.duplicates = sum(n - 1 for n in counts.values())
        o.lost = len(expected - counts.keys())
        o.failed = self._ours().filter(outgoing__status="failed").count()
        o.failed += self._ours().filter(status="skipped").count()
        return o

    def _wait_until_all_refused(self, worker, timeout=60):
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and worker.poll() is None:
            tried = self._ours().filter(outgoing__attempts__gte=1).count()
            if tried == len(self.subscriber_addresses):
                return
            time.sleep(0.1)
