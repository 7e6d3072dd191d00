"""Event posts, their registration fields and registrations move from the blog app to
events: the tables stay (blog_eventpost, …); only Django's state and the content types move."""

import django.core.serializers.json
import django.db.models.deletion
import modelcluster.fields
import wagtail.contrib.forms.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

import blog.form_pages


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
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EventPost',
                    fields=[
                        ('blogpost_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='blog.blogpost')),
                        ('start_date', models.DateField(verbose_name='first day')),
                        ('end_date', models.DateField(blank=True, help_text='Leave empty for a one-day event.', null=True, verbose_name='last day')),
                        ('start_time', models.TimeField(blank=True, null=True, verbose_name='starts at')),
                        ('end_time', models.TimeField(blank=True, null=True, verbose_name='ends at')),
                        ('time_note', models.CharField(blank=True, help_text='For example: registration and coffee from 09:00.', max_length=200, verbose_name='about the time')),
                        ('occasions', wagtail.fields.StreamField([('occasion', 3)], blank=True, block_lookup={0: ('wagtail.blocks.DateBlock', (), {'label': 'Date'}), 1: ('wagtail.blocks.DateBlock', (), {'label': 'Last day', 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'label': 'What happens', 'max_length': 200, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('date', 0), ('end_date', 1), ('label', 2)]], {})}, help_text='For an event that meets on several separate days.', verbose_name='meetings')),
                        ('venue_name', models.CharField(blank=True, max_length=200, verbose_name='venue')),
                        ('street_address', models.CharField(blank=True, max_length=200, verbose_name='street address')),
                        ('locality', models.CharField(blank=True, max_length=100, verbose_name='town')),
                        ('registration_url', models.URLField(blank=True, verbose_name='registration link')),
                        ('registration_deadline', models.DateField(blank=True, null=True, verbose_name='last day to register')),
                        ('is_free', models.BooleanField(default=False, verbose_name='free of charge')),
                        ('cost_note', models.TextField(blank=True, verbose_name='about the cost')),
                        ('programme', wagtail.fields.StreamField([('session', 9)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Title', 'max_length': 300}), 1: ('wagtail.blocks.DateBlock', (), {'label': 'Day', 'required': False}), 2: ('wagtail.blocks.TimeBlock', (), {'label': 'Starts', 'required': False}), 3: ('wagtail.blocks.TimeBlock', (), {'label': 'Ends', 'required': False}), 4: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'h2', 'h3', 'h4', 'ol', 'ul', 'link', 'document-link'], 'label': 'Description', 'required': False}), 5: ('wagtail.blocks.CharBlock', (), {'label': 'Name', 'max_length': 200}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'Role', 'max_length': 300, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('name', 5), ('role', 6)]], {}), 8: ('wagtail.blocks.ListBlock', (7,), {'default': [], 'label': 'Speakers'}), 9: ('wagtail.blocks.StructBlock', [[('title', 0), ('date', 1), ('start_time', 2), ('end_time', 3), ('description', 4), ('speakers', 8)]], {})}, verbose_name='programme')),
                        ('registration_capacity', models.PositiveIntegerField(blank=True, help_text='How many can register. Leave empty for no limit.', null=True, verbose_name='places')),
                        ('organiser_email', models.EmailField(blank=True, help_text='Told about every registration.', max_length=254, verbose_name="organiser's e-mail")),
                        ('registration_confirmation', models.TextField(blank=True, help_text='Shown after registering and put in the confirmation e-mail.', max_length=2000, verbose_name='confirmation text')),
                    ],
                    options={
                        'verbose_name': 'event post',
                        'verbose_name_plural': 'event posts',
                        'db_table': 'blog_eventpost',
                    },
                    bases=(blog.form_pages.PersonalDataFormMixin, wagtail.contrib.forms.models.FormMixin, 'blog.blogpost'),
                ),
                migrations.CreateModel(
                    name='RegistrationField',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('clean_name', models.CharField(blank=True, default='', help_text='Safe name of the form field, the label converted to ascii_snake_case', max_length=255, verbose_name='name')),
                        ('label', models.CharField(help_text='The label of the form field', max_length=255, verbose_name='label')),
                        ('required', models.BooleanField(default=True, verbose_name='required')),
                        ('choices', models.TextField(blank=True, help_text='Comma or new line separated list of choices. Only applicable in checkboxes, radio and dropdown.', verbose_name='choices')),
                        ('default_value', models.TextField(blank=True, help_text='Default value. Comma or new line separated values supported for checkboxes.', verbose_name='default value')),
                        ('help_text', models.CharField(blank=True, max_length=255, verbose_name='help text')),
                        ('field_type', models.CharField(choices=[('singleline', 'Single line text'), ('multiline', 'Multi-line text'), ('email', 'Email'), ('number', 'Number'), ('url', 'URL'), ('checkbox', 'Checkbox'), ('checkboxes', 'Checkboxes'), ('dropdown', 'Drop down'), ('multiselect', 'Multiple select'), ('radio', 'Radio buttons'), ('date', 'Date'), ('datetime', 'Date/time'), ('hidden', 'Hidden field'), ('phone', 'Phone number')], max_length=16, verbose_name='field type')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='registration_fields', to='events.eventpost')),
                    ],
                    options={
                        'verbose_name': 'registration form field',
                        'verbose_name_plural': 'registration form fields',
                        'db_table': 'blog_registrationfield',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Registration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('form_data', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder)),
                        ('submit_time', models.DateTimeField(auto_now_add=True, verbose_name='submit time')),
                        ('emails_done_at', models.DateTimeField(blank=True, null=True, verbose_name='e-mails done')),
                        ('email', models.EmailField(blank=True, help_text="The registrant's address, in lower case; one registration per address.", max_length=254, verbose_name='e-mail')),
                        ('confirmation_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmation sent')),
                        ('organiser_notified_at', models.DateTimeField(blank=True, null=True, verbose_name='organiser told')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.WAGTAIL_PAGE_MODEL)),
                    ],
                    options={
                        'verbose_name': 'registration',
                        'verbose_name_plural': 'registrations',
                        'db_table': 'blog_registration',
                        'constraints': [models.UniqueConstraint(condition=models.Q(('email', ''), _negated=True), fields=('page', 'email'), name='blog_registration_one_per_email')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types('events', ['eventpost', 'registrationfield', 'registration']),
    ]
