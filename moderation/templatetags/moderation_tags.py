from django import template

from .. import rules as rules_module

register = template.Library()


@register.inclusion_tag("moderation/published_rules.html")
def published_rules(heading_level=2):
    """The published comment rules, read from their one definition."""
    return {
        "intro": rules_module.RULES_INTRO,
        "heading": rules_module.RULES_HEADING,
        "rules": rules_module.RULES,
        "heading_level": heading_level,
    }
