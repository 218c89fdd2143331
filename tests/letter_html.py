"""Reading the letter's web page back in tests: the words of its <article>, in order."""

from __future__ import annotations

from html.parser import HTMLParser


class _ArticleText(HTMLParser):
    """The text inside the first <article class="letter …">, SVG and scripts left out."""

    SKIPPED = {"script", "style", "svg", "template"}
    # Inline elements join their text to the words around them; any other element, and <br>,
    # separates words.
    INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "q", "small", "span", "strong", "sub", "sup"}

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside the article: the depth of open elements
        self.skipping = 0
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self.depth == 0 and tag == "article" and "letter" in classes:
            self.depth = 1
            return
        if self.depth and tag not in ("br", "img", "hr", "input", "meta", "link"):
            self.depth += 1
            if tag in self.SKIPPED or self.skipping:
                self.skipping += 1
        if self.depth and tag not in self.INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if not self.depth or self.done:
            return
        if self.skipping:
            self.skipping -= 1
        self.depth -= 1
        if self.depth == 0:
            self.done = True
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth and not self.skipping and not self.done:
            self.parts.append(data)


def article_words(html: str) -> list[str]:
    parser = _ArticleText()
    parser.feed(html)
    return "".join(parser.parts).split()
