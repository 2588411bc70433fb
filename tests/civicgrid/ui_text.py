"""What a member of staff can read on an admin screen, and which of it is English.

The text comes from the HTML a screen sends, hidden parts included (dialogs in <template>,
screen-reader text, tooltips), from the attributes that carry words (title, aria-label,
placeholder, alt, button values) and from the JSON that Wagtail's scripts turn into words
(`wagtailConfig`, the sidebar, `data-w-*-value` and block definitions).
"""

import json
import re
from html.parser import HTMLParser

WORDED_ATTRIBUTES = {
    "title",
    "alt",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "label",
}
BUTTON_TYPES = {"submit", "button", "reset"}
# Elements whose content is data, not interface: keys (<kbd>), codes and secrets (<code>, <samp>),
# and what a form field holds (<textarea>).
DATA_ELEMENTS = {"kbd", "code", "samp", "textarea"}
# An identifier (CSS class, event name, icon, URL, token) never holds a capitalised word standing
# alone; interface text in Wagtail's catalogues always starts with one.
CAPITALISED_WORD = re.compile(r"(?<![\w-])[A-Z][a-z]+(?![\w-])")
MARKUP = re.compile(r"<[a-zA-Z/][^>]*>")
# Data rather than words: addresses, paths, e-mail addresses, file names, codes, user names.
DATA_TOKEN = re.compile(
    r"""^(
        \w+://\S*                                   # URLs
      | /\S*                                        # paths
      | \S+@\S+                                     # e-mail addresses
      | \S*\.(?i:xlsx|xls|csv|tsv|pdf|docx?|odt|pptx|txt|zip|png|jpe?g|gif|svg|webp|avif)
      | \S*[0-9_]\S*                                # codes, user names, times, sizes
      | [a-z]+(\.[a-z_]+)+                          # model names such as content.noticepage
      | [a-z]+(-[a-z]+)+                            # slugs
    )$""",
    re.VERBOSE,
)
WORD = re.compile(r"[A-Za-z]{2,}")
# Wagtail's client-side widgets name their JavaScript class under this key.
TELEPATH_TYPE = "_type"
# Placeholders left in a translation are the translator's business; a raw msgid shows as words.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.snippets: list[str] = []
        self._skipping = 0
        self._json: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            if kind in {"application/json", "text/template"}:
                self._json = []
            else:
                self._skipping += 1
            return
        if tag == "style" or tag in DATA_ELEMENTS:
            self._skipping += 1
            return
        for name, value in attrs:
            if not value:
                continue
            if name in WORDED_ATTRIBUTES:
                self.texts.append(value)
            elif name == "value" and tag == "input" and attributes.get("type") in BUTTON_TYPES:
                self.texts.append(value)
            elif name.startswith("data-"):
                self.snippets.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self._json is not None:
            self.snippets.append("".join(self._json))
            self._json = None
        elif (tag in {"script", "style"} or tag in DATA_ELEMENTS) and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)
        elif not self._skipping:
            self.texts.append(data)


def _strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != TELEPATH_TYPE:
                yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


def readable_texts(html: str) -> list[str]:
    """Every piece of text a screen can show, from its HTML."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    texts = [text for text in reader.texts if text.strip()]
    for snippet in reader.snippets:
        texts.extend(_texts_in_snippet(snippet))
    return texts


def _texts_in_snippet(snippet: str) -> list[str]:
    stripped = snippet.strip()
    if stripped[:1] in {"{", "["}:
        try:
            parsed = json.loads(stripped)
        except ValueError:
            parsed = None
        if parsed is not None:
            texts = []
            for string in _strings_in(parsed):
                texts.extend(_texts_in_snippet(string))
            return texts
    if MARKUP.search(stripped):
        return readable_texts(stripped)
    return [stripped] if CAPITALISED_WORD.search(stripped) else []


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The English words in a piece of interface text, leaving out data and allowed names."""
    words = []
    for token in PLACEHOLDER.sub(" ", text).split():
        token = token.strip("()[]{}<>\"'“”‘’,.;:!?…·、，。；：！？（）")
        if not token or DATA_TOKEN.match(token):
            continue
        words.extend(word for word in WORD.findall(token) if word.lower() not in allowed)
    return words
