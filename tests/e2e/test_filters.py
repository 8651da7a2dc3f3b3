"""The organisation dashboard's Model filter shows the whole name of the model (issue 15,
item 13: it read "Machine learning operation…")."""

import pytest
from django.core.management import call_command

MANAGER = "manager@demo.example"
DEMO_PASSWORD = "demo-password"

# How much of the selected option's text the select cannot show, in CSS pixels: the text's
# width against the select's inner width less its padding (where the arrow is drawn).
CUT_OFF = """select => {
    const style = getComputedStyle(select);
    const probe = document.createElement('span');
    probe.style.cssText = 'position:absolute; display:inline-block; white-space:pre';
    probe.style.font = style.font;
    probe.textContent = select.options[select.selectedIndex].text;
    document.body.appendChild(probe);
    const text = probe.getBoundingClientRect().width;
    probe.remove();
    const room = select.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
    return text - room;
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("width", [1280, 1024, 390])
@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_the_model_filter_shows_the_whole_model_name(
    browser, live_server, demo, log_in, locale, width
):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, MANAGER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/o/demo/")

    select = page.locator("select[name=model]")
    assert select.is_visible()
    assert select.evaluate(CUT_OFF) <= 0
    context.close()
