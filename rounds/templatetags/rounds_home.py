"""The rounds a person answers in, for any page that shows them (rounds/partials/my_rounds.html:
the member's home page and the manager's dashboard)."""

from django import template

from rounds.home import my_rounds as rounds_of

register = template.Library()


@register.simple_tag(takes_context=True)
def my_rounds(context):
    """The open rounds in which the page's reader is a respondent (rounds.home.my_rounds)."""
    request = context.get("request")
    return rounds_of(getattr(request, "membership", None))
