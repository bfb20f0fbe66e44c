"""Server-drawn SVG charts: valid SVG, labelled for screen readers, zero-based scales, nothing drawn from nothing."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from careers.charts import Bar, Point, bar_chart, line_chart, nice_ceiling, scale, shorten

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    """The chart as XML: parsing fails on anything that is not well-formed SVG."""
    return ET.fromstring(str(markup))


def texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


def assert_labelled(root, chart_id, title):
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert root.find(f"{SVG}title").get("id") == f"{chart_id}-title"
    assert root.find(f"{SVG}title").text == title
    assert root.find(f"{SVG}desc").get("id") == f"{chart_id}-desc"
    assert root.find(f"{SVG}desc").text


@pytest.mark.parametrize(
    ("value", "top"),
    [(0, 0), (Decimal("0.4"), 1), (7, 8), (51140, 60000), (123860, 160000), (224340, 240000), (100000, 100000)],
)
def test_axis_top_is_the_next_round_number_at_or_above_the_largest_value(value, top):
    assert nice_ceiling(value) == top


def test_scale_maps_zero_to_zero_and_the_top_to_the_full_length():
    assert scale(0, 60000, 200) == 0
    assert scale(60000, 60000, 200) == 200
    assert scale(30000, 60000, 200) == 100
    assert scale(5, 0, 200) == 0


def test_long_labels_are_shortened_with_an_ellipsis():
    assert shorten("Ohio") == "Ohio"
    assert shorten("North Northeastern Ohio nonmetropolitan area") == "North Northeastern…"


def test_bar_chart_is_valid_labelled_svg_with_each_value_written_out():
    markup = bar_chart(
        [Bar("10th percentile", 37000), Bar("Median", 51140, highlight=True), Bar("90th percentile", 81150)],
        chart_id="pay",
        title="Annual wages by percentile, May 2025",
        description="Bar chart of the table below.",
    )

    root = parse(markup)
    assert_labelled(root, "pay", "Annual wages by percentile, May 2025")
    assert texts(root) == ["10th percentile", "$37,000", "Median", "$51,140", "90th percentile", "$81,150"]
    bars = root.findall(f".//{SVG}rect")
    assert [bar.get("class") for bar in bars] == ["chart-bar", "chart-bar chart-bar-highlight", "chart-bar"]


def test_bar_lengths_are_proportional_to_values_from_zero():
    root = parse(bar_chart([Bar("a", 30000), Bar("b", 60000)], chart_id="c", title="t", description="d"))
    short, long = (float(bar.get("width")) for bar in root.findall(f".//{SVG}rect"))
    assert long == pytest.approx(2 * short, abs=0.2)


def test_bars_without_a_value_are_left_out_and_no_values_draw_nothing():
    root = parse(bar_chart([Bar("Vermont", None), Bar("Ohio", 50990)], chart_id="c", title="t", description="d"))
    assert texts(root) == ["Ohio", "$50,990"]
    assert bar_chart([], chart_id="c", title="t", description="d") == ""
    assert bar_chart([Bar("Vermont", None)], chart_id="c", title="t", description="d") == ""


def test_chart_text_is_escaped():
    root = parse(bar_chart([Bar("A & <b>", 1)], chart_id="c", title='Pay "by" <industry>', description="a & b"))
    assert texts(root)[0] == "A & <b>"
    assert root.find(f"{SVG}title").text == 'Pay "by" <industry>'


def history(*points):
    return [Point(datetime.date(year, 5, 1), f"May {year}", value, code) for year, value, code in points]


def test_line_chart_is_valid_labelled_svg_with_a_point_and_label_per_release():
    markup = line_chart(
        history((2014, 35900, "29-2072"), (2025, 51140, "29-2072")),
        chart_id="history",
        title="National median annual wage",
        description="Line chart of the table below.",
    )

    root = parse(markup)
    assert_labelled(root, "history", "National median annual wage")
    assert len(root.findall(f".//{SVG}circle")) == 2
    assert {"$35,900", "$51,140", "May 2014", "May 2025"} <= set(texts(root))
    # The axis starts at $0 and ends at a round number above the largest value.
    assert {"$0", "$60,000"} <= set(texts(root))
    segment = root.findall(f".//{SVG}line[@class='chart-line']")
    assert len(segment) == 1


def test_line_between_figures_under_different_soc_codes_is_dashed():
    root = parse(
        line_chart(
            history((2014, 35900, "29-2071"), (2025, 51140, "29-2072")), chart_id="h", title="t", description="d"
        )
    )
    assert [line.get("class") for line in root.findall(f".//{SVG}line") if "chart-line" in line.get("class")] == [
        "chart-line chart-line-changed"
    ]


def test_line_chart_puts_later_releases_to_the_right_whatever_the_order_given():
    root = parse(line_chart(history((2025, 51140, "a"), (2014, 35900, "a")), chart_id="h", title="t", description="d"))
    first, last = root.findall(f".//{SVG}circle")
    assert float(first.get("cx")) < float(last.get("cx"))
    assert float(first.get("cy")) > float(last.get("cy"))  # the lower value sits lower on the page


def test_line_chart_with_one_point_centres_it_and_with_none_draws_nothing():
    root = parse(line_chart(history((2025, 51140, "a")), chart_id="h", title="t", description="d"))
    assert len(root.findall(f".//{SVG}circle")) == 1
    assert line_chart(history((2025, None, "a")), chart_id="h", title="t", description="d") == ""
    assert line_chart([], chart_id="h", title="t", description="d") == ""


def test_a_shortened_bar_label_keeps_its_full_text_as_the_rows_title():
    root = parse(
        bar_chart(
            [Bar("North Northeastern Ohio nonmetropolitan area", 46860)], chart_id="c", title="t", description="d"
        )
    )
    row = root.find(f"{SVG}g")
    assert row.find(f"{SVG}title").text == "North Northeastern Ohio nonmetropolitan area"
    assert texts(root)[0] == "North Northeastern…"


def test_whole_dollars_read_the_same_whether_given_as_int_or_decimal():
    from careers.charts import usd

    for amount in [0, 7, 999, 1000, 51140, 123860, 1234567, -2500]:
        assert usd(amount) == usd(Decimal(amount)) == f"${Decimal(amount):,.0f}"


def test_whole_dollar_bars_are_drawn_as_the_same_values_as_decimals():
    """Bars of whole dollars are scaled by int division (bar_chart); they are drawn to the same tenth of a unit,
    and labelled the same, as the same values given as Decimals, which are scaled by Decimal division."""
    values = [164120, 155140, 147630, 97790, 45350, 1, 99999, 120000]
    whole = bar_chart([Bar(str(v), v) for v in values], chart_id="c", title="t", description="d")
    decimal = bar_chart([Bar(str(v), Decimal(v)) for v in values], chart_id="c", title="t", description="d")
    assert whole == decimal
