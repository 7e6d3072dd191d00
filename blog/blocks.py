"""StreamField blocks for posts: the body, and the programme of an event."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "h2", "h3", "h4", "ol", "ul", "link", "document-link"]


def field_error(name, message):
    """A struct block's error, shown at its field `name` in the editor."""
    return StructBlockValidationError(block_errors={name: ErrorList([ValidationError(message)])})


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blog/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    """An image whose alternative text the editor must always write."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blog/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blog/blocks/quote.html"


class CaptionedTableBlock(TableBlock):
    """A table that always has a header row and a caption (both needed by screen readers)."""

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation or not value:
            return value
        errors = []
        if not (value.get("table_caption") or "").strip():
            errors.append(_("A table needs a caption."))
        if not value.get("first_row_is_table_header"):
            errors.append(_("A table needs a header row."))
        if errors:
            raise ValidationError(" ".join(str(e) for e in errors))
        return value

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blog/blocks/table.html"


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=200)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=300)

    class Meta:
        icon = "user"
        label = _("Speaker")


class SessionBlock(blocks.StructBlock):
    """One session of a programme: a seminar, a lecture, a workshop."""

    title = blocks.CharBlock(label=_("Title"), max_length=300)
    date = blocks.DateBlock(label=_("Day"), required=False)
    start_time = blocks.TimeBlock(label=_("Starts"), required=False)
    end_time = blocks.TimeBlock(label=_("Ends"), required=False)
    description = blocks.RichTextBlock(
        label=_("Description"), features=RICH_TEXT_FEATURES, required=False
    )
    speakers = blocks.ListBlock(SpeakerBlock(), label=_("Speakers"), default=[])

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start_time"), value.get("end_time")
        if start and end and end < start:
            raise field_error("end_time", _("A session cannot end before it starts."))
        return value

    class Meta:
        icon = "time"
        label = _("Session")
        template = "blog/blocks/session.html"


class SessionListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    sessions = blocks.ListBlock(SessionBlock(), label=_("Sessions"))

    class Meta:
        icon = "list-ul"
        label = _("Sessions")
        template = "blog/blocks/session_list.html"


class ContactPersonBlock(blocks.StructBlock):
    lead = blocks.CharBlock(
        label=_("Lead text"), required=False, max_length=300,
        help_text=_("For example: Questions about the seminars?"),
    )
    name = blocks.CharBlock(label=_("Name"), max_length=200)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=40)

    class Meta:
        icon = "mail"
        label = _("Contact person")
        template = "blog/blocks/contact_person.html"


class OccasionBlock(blocks.StructBlock):
    """One meeting of an event that runs over several days (a network's workshops)."""

    date = blocks.DateBlock(label=_("Date"))
    end_date = blocks.DateBlock(label=_("Last day"), required=False)
    label = blocks.CharBlock(label=_("What happens"), required=False, max_length=200)

    def clean(self, value):
        value = super().clean(value)
        if value.get("end_date") and value["end_date"] < value["date"]:
            raise field_error("end_date", _("The last day cannot come before the first."))
        return value

    class Meta:
        icon = "date"
        label = _("Meeting")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=RICH_TEXT_FEATURES, template="blog/blocks/paragraph.html"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    table = CaptionedTableBlock(
        table_options={
            "startRows": 3,
            "startCols": 3,
            "colHeaders": False,
            "rowHeaders": False,
            "contextMenu": ["row_above", "row_below", "---------", "col_left",
                            "col_right", "---------", "remove_row", "remove_col"],
            "language": "sv-SE",
        }
    )
    sessions = SessionListBlock()
    contact_person = ContactPersonBlock()


class ProgrammeBlock(blocks.StreamBlock):
    session = SessionBlock()
