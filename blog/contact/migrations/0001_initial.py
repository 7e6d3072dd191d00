"""The contact page, its fields and its messages move from the blog app to contact: the
tables stay (blog_contactpage, …); only Django's state and the content types move."""

import django.core.serializers.json
import django.db.models.deletion
import modelcluster.fields
import wagtail.contrib.forms.models
from django.conf import settings
from django.db import migrations, models

import blog.form_pages
import blog.models


def move_content_types(app_label, models):
    """The content types of the moved models get the new app's label, so the pages, their
    revisions, the search index, log entries and permissions keep pointing at them."""

    def forward(apps, schema_editor, old="blog", new=app_label):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not ContentType.objects.filter(app_label=new, model=model).exists():
                ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        ContentType.objects.clear_cache()

    def backward(apps, schema_editor):
        forward(apps, schema_editor, old=app_label, new="blog")

    return migrations.RunPython(forward, backward)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('blog', '0009_privacy_page'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ContactPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', models.TextField(blank=True, max_length=1000, verbose_name='intro')),
                        ('thank_you_text', models.TextField(blank=True, help_text='Shown after a message has been sent.', max_length=1000, verbose_name='thank-you text')),
                    ],
                    options={
                        'verbose_name': 'contact page',
                        'verbose_name_plural': 'contact pages',
                        'db_table': 'blog_contactpage',
                    },
                    bases=(blog.form_pages.PersonalDataFormMixin, blog.models.InBlogMixin, wagtail.contrib.forms.models.FormMixin, 'wagtailcore.page'),
                ),
                migrations.CreateModel(
                    name='ContactField',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('clean_name', models.CharField(blank=True, default='', help_text='Safe name of the form field, the label converted to ascii_snake_case', max_length=255, verbose_name='name')),
                        ('label', models.CharField(help_text='The label of the form field', max_length=255, verbose_name='label')),
                        ('field_type', models.CharField(choices=[('singleline', 'Single line text'), ('multiline', 'Multi-line text'), ('email', 'Email'), ('number', 'Number'), ('url', 'URL'), ('checkbox', 'Checkbox'), ('checkboxes', 'Checkboxes'), ('dropdown', 'Drop down'), ('multiselect', 'Multiple select'), ('radio', 'Radio buttons'), ('date', 'Date'), ('datetime', 'Date/time'), ('hidden', 'Hidden field')], max_length=16, verbose_name='field type')),
                        ('required', models.BooleanField(default=True, verbose_name='required')),
                        ('choices', models.TextField(blank=True, help_text='Comma or new line separated list of choices. Only applicable in checkboxes, radio and dropdown.', verbose_name='choices')),
                        ('default_value', models.TextField(blank=True, help_text='Default value. Comma or new line separated values supported for checkboxes.', verbose_name='default value')),
                        ('help_text', models.CharField(blank=True, max_length=255, verbose_name='help text')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='form_fields', to='contact.contactpage')),
                    ],
                    options={
                        'verbose_name': 'contact form field',
                        'verbose_name_plural': 'contact form fields',
                        'db_table': 'blog_contactfield',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='ContactSubmission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('form_data', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder)),
                        ('submit_time', models.DateTimeField(auto_now_add=True, verbose_name='submit time')),
                        ('emails_done_at', models.DateTimeField(blank=True, null=True, verbose_name='e-mails done')),
                        ('sender_key', models.CharField(blank=True, db_index=True, help_text="A keyed hash of the sender's IP address, for the rate limit.", max_length=64, verbose_name='sender key')),
                        ('forwarded_at', models.DateTimeField(blank=True, null=True, verbose_name='forwarded')),
                        ('receipt_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='receipt sent')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.WAGTAIL_PAGE_MODEL)),
                    ],
                    options={
                        'verbose_name': 'contact message',
                        'verbose_name_plural': 'contact messages',
                        'db_table': 'blog_contactsubmission',
                        'permissions': [('view_personal_data', 'Can see personal data in form submissions (contact messages, registrations)')],
                        'indexes': [models.Index(fields=['submit_time'], name='blog_contact_submit_time')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types('contact', ['contactpage', 'contactfield', 'contactsubmission']),
    ]
