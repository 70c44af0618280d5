"""The summary a patient takes away: one structured document, written out as the chat text and
as a printable HTML page (the widget offers the page as a download).

Plain Python; every piece of text is escaped, and the page loads nothing from anywhere
(its Content-Security-Policy forbids it), so it can be opened offline and printed.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

MIME = "text/html"


@dataclass(frozen=True)
class Block:
    """A line of text, or a heading with bullet points under it."""
    text: str
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class SummaryDocument:
    title: str
    date: dt.date
    clinic_name: str | None
    blocks: tuple[Block, ...]
    closing: tuple[str, ...] = ()  # "book with us", the professional-assessment recommendation

    def text_lines(self) -> list[str]:
        """The chat version (without the recommendation, which ``health_reply`` adds)."""
        lines = [self.title]
        for block in self.blocks:
            lines += [block.text, *(f"• {item}" for item in block.bullets)]
        return lines

    @property
    def filename(self) -> str:
        return f"hip-pain-summary-{self.date.isoformat()}.html"


_LINKS = ("https://", "http://")

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #111; background: #fff;
       max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; font-size: 1rem; }
header { border-bottom: 2px solid #111; margin-bottom: 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
ul { margin: 0 0 .5rem; padding-left: 1.4rem; }
.meta, .note { color: #333; }
.recommendation { border: 1px solid #111; padding: .6rem .8rem; margin-top: 1.2rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .screen-only { display: none; }
  a { color: #111; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; }
}
@page { margin: 2cm; }
"""


def _linked(text: str) -> str:
    """Escape ``text``; turn http(s) addresses into links (the address itself, escaped)."""
    out = []
    for word in text.split(" "):
        trail = word[-1] if word and word[-1] in ".,;)" else ""
        bare = word[: len(word) - len(trail)] if trail else word
        if bare.startswith(_LINKS):
            out.append(f'<a href="{html.escape(bare, quote=True)}">{html.escape(bare)}</a>{html.escape(trail)}')
        else:
            out.append(html.escape(word))
    return " ".join(out)


def render_html(doc: SummaryDocument, print_hint: str) -> str:
    parts = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(doc.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{html.escape(doc.title)}</h1>",
    ]
    if doc.clinic_name:
        parts.append(f'<p class="meta">{html.escape(doc.clinic_name)}</p>')
    parts += [f'<p class="meta"><time datetime="{doc.date.isoformat()}">{doc.date.isoformat()}</time></p>',
              "</header>", "<main>"]
    for block in doc.blocks:
        if block.bullets:
            parts.append(f"<h2>{html.escape(block.text)}</h2>")
            parts.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in block.bullets) + "</ul>")
        else:
            parts.append(f'<p class="note">{html.escape(block.text)}</p>')
    closing = list(doc.closing)
    for line in closing[:-1]:
        parts.append(f"<p>{_linked(line)}</p>")
    if closing:
        parts.append(f'<p class="recommendation">{_linked(closing[-1])}</p>')
    parts += ["</main>", f'<p class="screen-only note">{html.escape(print_hint)}</p>', "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def download_payload(doc: SummaryDocument, print_hint: str) -> dict:
    """The custom payload the widget shows as a download button."""
    return {"download": {"filename": doc.filename, "mime": MIME, "content": render_html(doc, print_hint)}}
