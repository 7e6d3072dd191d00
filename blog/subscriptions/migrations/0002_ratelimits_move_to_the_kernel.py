# The subscription attempts are now counted by the kernel's limiter (mrblogg.RateLimitCounter,
# mrblogg/ratelimit.py). The old rows are dropped, not copied: they are counts of the last
# hour, and starting those afresh once is harmless.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("subscriptions", "0001_initial"),
        ("mrblogg", "0002_ratelimitcounter"),
    ]

    operations = [
        migrations.DeleteModel(
            name="RateLimitHit",
        ),
    ]
