"""Event posts, registrations and the contact page now belong to the apps events and contact
(their 0001 takes them over with the same tables): they leave the blog's state only, and
the settings' contact page points at contact.ContactPage (the same table, no change)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0009_privacy_page'),
        ('contact', '0001_initial'),
        ('events', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='blogsettings',
                    name='contact_page',
                    field=models.ForeignKey(blank=True, help_text="Linked from 'Kontakta oss' in the side column.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contact.contactpage', verbose_name='contact page'),
                ),
                migrations.RemoveField(
                    model_name='contactfield',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='contactpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='contactsubmission',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='eventpost',
                    name='blogpost_ptr',
                ),
                migrations.RemoveField(
                    model_name='registrationfield',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='registration',
                    name='page',
                ),
                migrations.DeleteModel(
                    name='ContactField',
                ),
                migrations.DeleteModel(
                    name='ContactPage',
                ),
                migrations.DeleteModel(
                    name='ContactSubmission',
                ),
                migrations.DeleteModel(
                    name='EventPost',
                ),
                migrations.DeleteModel(
                    name='RegistrationField',
                ),
                migrations.DeleteModel(
                    name='Registration',
                ),
            ],
            database_operations=[],
        ),
    ]
