"""The summary a patient takes away, as a printable HTML page."""
import datetime as dt

from bot.interview.summary_file import Block, SummaryDocument, download_payload, render_html

DOC = SummaryDocument(
    title="Summary for your physiotherapist or doctor (2026-11-28)", date=dt.date(2026, 11, 28),
    clinic_name="Smith & Sons <Physio>",
    blocks=(Block("Reported:", ("Where: <script>alert(1)</script>", "Onset: gradual")), Block("No diagnosis has been made.")),
    closing=("Book with us: Smith, https://example.org/book?a=1&b=2", "Please have your hip checked."),
)


def test_the_page_escapes_everything_and_loads_nothing():
    page = render_html(DOC, "Print this page.")
    assert page.startswith("<!doctype html>")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Smith &amp; Sons &lt;Physio&gt;" in page
    assert "default-src 'none'" in page  # no scripts, images or fonts from anywhere


def test_the_page_has_every_line_the_link_and_print_styles():
    page = render_html(DOC, "Print this page.")
    for text in ("Onset: gradual", "No diagnosis has been made.", "Please have your hip checked.", "2026-11-28"):
        assert text in page
    assert '<a href="https://example.org/book?a=1&amp;b=2">' in page
    assert "@media print" in page and ".screen-only { display: none; }" in page


def test_download_payload():
    payload = download_payload(DOC, "Print this page.")["download"]
    assert payload["filename"] == "hip-pain-summary-2026-11-28.html" and payload["mime"] == "text/html"
    assert payload["content"] == render_html(DOC, "Print this page.")


def test_text_lines_match_the_page_blocks():
    assert DOC.text_lines() == [DOC.title, "Reported:", "• Where: <script>alert(1)</script>", "• Onset: gradual",
                                "No diagnosis has been made."]
