"""Words a user reads, marked for translation without importing Qt.

The engine writes English; the window and the figures show it in the user's language.
`QT_TRANSLATE_NOOP(context, text)` is the marker Qt's `pyside6-lupdate` extracts into
`resources/i18n/*.ts`; here it returns a `Text`, a plain `str` that also remembers its
context, so the window can look the words up later. `message(template, **values)` fills a
marked template: the result reads as English wherever a `str` is expected (the command
line, tests, CSV) and carries its template and values, so the window translates the
template and fills in the same values. Values are formatted by the engine, never by the
locale: a number keeps its decimal point in every language.
"""

from __future__ import annotations


class Text(str):
    """An English string marked for translation, with the context it is looked up in."""

    context: str

    def __new__(cls, context: str, text: str) -> Text:
        self = super().__new__(cls, text)
        self.context = context
        return self

    def __reduce__(self):
        return Text, (self.context, str(self))


def QT_TRANSLATE_NOOP(context: str, text: str) -> Text:  # noqa: N802 - the name lupdate reads
    """Mark `text` for translation in `context`; the text itself is unchanged."""
    return Text(context, text)


class Message(str):
    """A filled template: reads as its English text, keeps the template and its values."""

    template: Text
    values: dict[str, str]

    def __new__(cls, template: Text, values: dict[str, object]) -> Message:
        filled = {
            key: value if isinstance(value, str) else str(value) for key, value in values.items()
        }
        self = super().__new__(cls, str(template).format(**filled))
        self.template = template
        self.values = filled
        return self

    def __reduce__(self):
        return Message, (self.template, self.values)


def message(template: Text, **values: object) -> Message:
    """`template` (a marked `Text` with `{name}` fields) filled with `values`.

    A value may itself be a `Text` or `Message` (a word such as "high" or "low"), which
    the window translates too; numbers should arrive already formatted."""
    return Message(template, values)
