"""Every control on a page is reachable with the Tab key and visibly focused when it is reached."""

import pytest

from tests.quality.site import build_site
from tests.quality.tools import only_in_the_sqlite_pass

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Marks every visible focusable element with data-kb (its index) and returns how many there are. Radio buttons
# count once per group: Tab stops at one radio of a group and the arrow keys move within it.
MARK_FOCUSABLE = """() => {
    const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
        + ' select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
    const radioGroups = new Map();
    let count = 0;
    for (const element of document.querySelectorAll(selector)) {
        // checkVisibility also leaves out the contents of a closed <details>, which Tab rightly skips.
        if (!element.checkVisibility({visibilityProperty: true})) continue;
        if (element.type === 'radio' && radioGroups.has(element.name)) {
            element.dataset.kb = radioGroups.get(element.name);
            continue;
        }
        if (element.type === 'radio') radioGroups.set(element.name, count);
        element.dataset.kb = count;
        count += 1;
    }
    return count;
}"""
# The focused element's index and whether it shows a focus indicator (an outline or a box shadow).
FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadowed = style.boxShadow && style.boxShadow !== 'none';
    const label = (element.innerText || element.value || element.name || element.tagName).trim().slice(0, 40);
    return {index: element.dataset.kb ?? null, visible: outlined || shadowed, label};
}"""


def tab_through(page):
    """(number of focusable elements, indexes reached by Tab, labels of those reached without a visible focus)."""
    total = page.evaluate(MARK_FOCUSABLE)
    reached, unfocused = set(), []
    page.locator("body").focus()
    for _ in range(total * 2 + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if focused["index"] is not None:
            if focused["index"] in reached:
                break  # back at the top: the whole page has been tabbed through
            reached.add(focused["index"])
        if not focused["visible"]:
            unfocused.append(focused["label"])
    return total, reached, unfocused


@pytest.fixture
def keyboard_page(chromium):
    only_in_the_sqlite_pass()
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("page_type", ["home", "results", "program", "compare"])
def test_every_control_is_reached_by_tab_and_visibly_focused(live_server, keyboard_page, page_type):
    keyboard_page.goto(live_server.url + build_site()[page_type])
    total, reached, unfocused = tab_through(keyboard_page)
    assert total > 5
    missing = keyboard_page.evaluate(
        "reached => [...document.querySelectorAll('[data-kb]')].filter(e => !reached.includes(e.dataset.kb))"
        ".map(e => e.outerHTML.slice(0, 120))",
        sorted(reached),
    )
    assert missing == []
    assert unfocused == []


def test_the_keyboard_gate_fails_when_links_lose_their_focus_outline(live_server, keyboard_page):
    """The gate itself: links whose outline and shadow are removed are reported as not visibly focused."""
    keyboard_page.goto(live_server.url + "/")
    keyboard_page.evaluate(
        """() => document.querySelectorAll('a').forEach(link => {
            link.style.setProperty('outline', 'none', 'important');
            link.style.setProperty('box-shadow', 'none', 'important');
        })"""
    )
    _total, _reached, unfocused = tab_through(keyboard_page)
    assert unfocused
