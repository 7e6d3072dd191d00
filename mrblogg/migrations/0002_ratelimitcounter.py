# The one rate limiter (mrblogg/ratelimit.py) counts here.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mrblogg', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='RateLimitCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope', models.CharField(max_length=40)),
                ('key', models.CharField(max_length=64)),
                ('window_start', models.DateTimeField()),
                ('count', models.PositiveIntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['window_start'], name='ratelimit_window_start')],
                'constraints': [models.UniqueConstraint(fields=('scope', 'key', 'window_start'), name='ratelimit_one_counter_per_window')],
            },
        ),
    ]
