"""WeasyPrint as the reports use it: a lighter user-agent stylesheet.

WeasyPrint's HTML stylesheet styles `::marker`, `::footnote-call`, `::footnote-marker`,
`::note-call`, `::note-marker` and `::note-callback` of every element, so it computes six
pseudo-element styles per element whether or not the element ever shows one. At 1,000 teams
the organisation report has ten thousand elements: sixty thousand styles that took 75 MB of
its 312 MB and a second of its layout (bench/reports.py). The reports use no footnotes or CSS
notes and show markers only on list items, so their stylesheet is WeasyPrint's own with the
marker rule kept for list items and the note rules left out. Imported only where a PDF is
built: WeasyPrint loads Pango, which a web request does not need.
"""

import functools
import logging
import re
from importlib.resources import files

import weasyprint
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle

logger = logging.getLogger(__name__)

MARKER_RULE = re.compile(r"^::marker ", re.MULTILINE)
NOTE_RULES = re.compile(r"^::(?:footnote|note)-[\w-]+ \{[^}]*\}\n", re.MULTILINE)
NOTE_RULE_COUNT = 5  # footnote-call, footnote-marker, note-call, note-marker, note-callback


def trimmed_stylesheet_text(text):
    """WeasyPrint's HTML stylesheet text with the marker rule for list items only and the
    note rules removed; None when the text is not shaped as expected (another WeasyPrint)."""
    text, markers = MARKER_RULE.subn("li::marker, summary::marker ", text)
    text, notes = NOTE_RULES.subn("", text)
    if markers != 1 or notes != NOTE_RULE_COUNT:
        return None
    return text


@functools.cache
def user_agent_stylesheets():
    original = (files(weasyprint.css) / "html5_ua.css").read_text("utf-8")
    text = trimmed_stylesheet_text(original)
    if text is None:
        # Reports stay right with WeasyPrint's own sheet, only heavier; tests/reports/
        # test_renderer.py fails on such a version so that this is seen before it ships.
        logger.warning("WeasyPrint's HTML stylesheet changed: reports use it untrimmed")
        return None
    # The counter styles (disc, decimal …) are WeasyPrint's already: a throwaway registry
    # keeps them from being defined twice.
    return [CSS(string=text, counter_style=CounterStyle())]


class ReportHTML(HTML):
    def _ua_stylesheets(self, forms=False):
        sheets = None if forms else user_agent_stylesheets()
        return sheets or super()._ua_stylesheets(forms)
