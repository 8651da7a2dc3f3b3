from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def paragraphs(text):
    """Model texts: blank lines separate paragraphs; lines starting with "- " form a list."""
    blocks = []
    for block in (text or "").split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        prose = [line for line in lines if not line.startswith("- ")]
        items = [line[2:] for line in lines if line.startswith("- ")]
        if prose:
            blocks.append(format_html("<p>{}</p>", " ".join(prose)))
        if items:
            blocks.append(
                format_html(
                    "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items))
                )
            )
    return mark_safe("".join(blocks))
