"""Figures for slides: PNG, SVG and PDF of any plot widget, in a chosen theme and shape.

pyqtgraph's own exporters do not serve here: its SVG exporter crashes with current Qt
and its image exporter keeps 2-px pens at any size. So every
format paints the widget itself with a QPainter — on a QImage whose device pixel ratio
scales fonts and geometry, on a QSvgGenerator, on a QPdfWriter — while the plots wear
the export theme, draw symbols as vectors and, for PNG, have their cosmetic pens widened
by the same ratio (gui/export_style.py), so lines keep their on-screen weight. A figure of a chosen aspect (16:9, 4:3…) is laid out
at that shape first — the widget is resized and its axes settle — rather than stretched,
then put back. A figure is made whole in memory and checked (Qt's vector writers do not
report a full disk) before it is written atomically.

Chinese text: every font a figure paints with lists CJK families after its Latin one
(`CJK_FAMILIES`, the fonts Linux, macOS and Windows ship), so PNG and PDF draw Chinese
glyphs rather than boxes, the PDF embeds them as real text, and the SVG's `<text>`
names the same fallbacks for whatever program shows it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from pathlib import Path

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

from engine.figures import DEFAULT_ASPECT, MAX_WIDTH, MIN_WIDTH, pixel_size
from engine.files import FileProblem, atomic_write, check_writable
from engine.words import QT_TRANSLATE_NOOP, message

from .export_style import export_style, is_clear
from .export_svg import tidy_svg
from .figure_shape import parts_rect, plot_parts, shaped
from .fonts import CJK_FAMILIES, real_family, with_cjk_fallbacks
from .fonts import use_cjk_fallbacks as use_cjk_fallbacks  # where the command line finds it
from .hover import PlotHover
from .language import localise, translate
from .theme import DARK, LIGHT, Theme

CAPTION_FONT_PX = 15  # logical pixels, like an 11 pt axis label on screen
CAPTION_BAND = 34
# No background: the light palette for a light slide, the dark one (light text) for a dark.
TRANSPARENT = dataclasses.replace(LIGHT, name="transparent")
TRANSPARENT_DARK = dataclasses.replace(DARK, name="transparent-dark")
EXPORT_THEMES = {  # figures.THEMES
    theme.name: theme for theme in (LIGHT, DARK, TRANSPARENT, TRANSPARENT_DARK)
}


# ----------------------------------------------------------------------- the figure
@dataclasses.dataclass
class Figure:
    """What gets painted: the plot parts of a widget, cropped to them, plus a caption.
    With a `shape` (logical pixels, caption included) the figure has exactly that size,
    its plots centred in it (`laid_out` has made them that shape)."""

    widget: QtWidgets.QWidget
    theme: Theme
    caption: str | None
    shape: QtCore.QSize | None = None

    def __post_init__(self):
        self.parts = plot_parts(self.widget)
        rect = parts_rect(self.widget, self.parts)
        band = CAPTION_BAND if self.caption else 0
        if self.shape is not None:
            inner = QtCore.QSize(self.shape.width(), max(1, self.shape.height() - band))
            grow_w, grow_h = inner.width() - rect.width(), inner.height() - rect.height()
            rect = QtCore.QRect(rect.topLeft(), inner).translated(-grow_w // 2, -grow_h // 2)
        self.plot_rect = rect
        self.size = QtCore.QSize(self.plot_rect.width(), self.plot_rect.height() + band)

    @property
    def transparent(self) -> bool:
        return is_clear(self.theme)

    def paint(self, painter: QtGui.QPainter) -> None:
        """Paint in logical pixels; the device decides the resolution."""
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
        if not self.transparent:
            painter.fillRect(
                QtCore.QRect(-1, -1, self.size.width() + 2, self.size.height() + 2), self._bg()
            )  # no half-covered edge row
        flags = QtWidgets.QWidget.RenderFlag.DrawChildren
        for part, offset in self.parts:
            target = offset - self.plot_rect.topLeft()
            QtWidgets.QWidget.render(part, painter, target, QtGui.QRegion(), flags)
        if self.caption:
            self._paint_caption(painter)

    def view_rects(self) -> list[tuple[float, float, float, float]]:
        """Where each plot's data area lies in the figure (left, top, right, bottom)."""
        rects = []
        for part, offset in self.parts:
            if not isinstance(part, pg.GraphicsView):
                continue
            shift = QtCore.QPointF(offset - self.plot_rect.topLeft())
            for item in part.scene().items():
                if isinstance(item, pg.ViewBox) and item.isVisible():
                    r = part.viewportTransform().mapRect(item.sceneBoundingRect()).translated(shift)
                    rects.append((r.left(), r.top(), r.right(), r.bottom()))
        return rects

    def _bg(self) -> QtGui.QColor:
        return QtGui.QColor(self.theme.background)

    def _paint_caption(self, painter: QtGui.QPainter) -> None:
        font = with_cjk_fallbacks(self.widget.font())
        font.setPixelSize(CAPTION_FONT_PX)
        painter.setFont(font)
        painter.setPen(QtGui.QColor(self.theme.foreground))
        band = QtCore.QRect(12, self.plot_rect.height(), self.size.width() - 24, CAPTION_BAND)
        text = QtGui.QFontMetrics(font).elidedText(
            self.caption, QtCore.Qt.TextElideMode.ElideRight, band.width()
        )
        align = QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignVCenter
        painter.drawText(band, int(align), text)


def resolve_theme(theme: str | Theme) -> Theme:
    if isinstance(theme, Theme):
        return theme
    if theme not in EXPORT_THEMES:
        template = QT_TRANSLATE_NOOP("Export", "unknown theme {theme} (allowed: {allowed})")
        raise ValueError(message(template, theme=repr(theme), allowed=", ".join(EXPORT_THEMES)))
    return EXPORT_THEMES[theme]


def _paint_onto(figure: Figure, device: QtGui.QPaintDevice, pen_scale: float = 1.0) -> None:
    """Paint `figure` onto an image, SVG generator or PDF writer in its export style.
    Qt's vector writers report failure only through the painter, so it is asked."""
    with export_style(figure.widget, figure.theme, pen_scale=pen_scale):
        painter = QtGui.QPainter(device)
        if not painter.isActive():
            raise OSError(QT_TRANSLATE_NOOP("Export", "Qt could not start drawing the figure"))
        try:
            figure.paint(painter)
        except BaseException:
            painter.end()
            raise
        if not painter.end():
            raise OSError(QT_TRANSLATE_NOOP("Export", "Qt could not finish drawing the figure"))


def _memory() -> QtCore.QBuffer:
    """Where a format writes: the file is written whole afterwards (`atomic_write`),
    so a full disk or a file-size limit fails loudly instead of truncating a figure."""
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    return buffer


def _complete(data: bytes, head: bytes, tail: bytes, kind: str) -> bytes:
    if not data.startswith(head) or not data.rstrip().endswith(tail):
        raise OSError(f"Qt wrote an incomplete {kind} ({len(data)} bytes)")
    return data


# ----------------------------------------------------------------------- the formats
class PngFormat:
    """A bitmap of exact pixel size; fonts and pens scale with the pixel ratio. Given one
    side, the other follows the figure's shape."""

    extension, name, filter = ".png", "PNG image", "PNG image (*.png)"

    def image(
        self, figure: Figure, width_px: int | None, height_px: int | None = None
    ) -> QtGui.QImage:
        if width_px is None:
            width_px = check_width(round(figure.size.width() * height_px / figure.size.height()))
        ratio = width_px / figure.size.width()
        height = height_px or max(1, round(figure.size.height() * ratio))
        image = QtGui.QImage(width_px, height, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(QtCore.Qt.GlobalColor.transparent)
        _paint_onto(figure, image, pen_scale=ratio)
        image.setDevicePixelRatio(1.0)
        dots = round(96 / 0.0254)  # 96 dpi, so viewers show it at its pixel size
        image.setDotsPerMeterX(dots)
        image.setDotsPerMeterY(dots)
        return image

    def encode(self, figure: Figure, width_px: int | None, height_px: int | None = None) -> bytes:
        buffer = _memory()
        if not self.image(figure, width_px, height_px).save(buffer, "PNG"):
            raise OSError("Qt could not encode the PNG image")
        return _complete(bytes(buffer.data()), b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82", "PNG")


class SvgFormat:
    """Vector SVG with a viewBox in the widget's logical pixels; strokes scale with it."""

    extension, name, filter = ".svg", "SVG vector image", "SVG vector image (*.svg)"

    def encode(self, figure: Figure, width_px=None, height_px=None) -> bytes:
        buffer = _memory()
        generator = QtSvg.QSvgGenerator()  # SVG Tiny 1.2: Qt's 1.1 clip paths go stale
        generator.setOutputDevice(buffer)
        generator.setResolution(96)
        generator.setSize(figure.size)
        generator.setViewBox(QtCore.QRect(QtCore.QPoint(0, 0), figure.size))
        generator.setTitle(figure.caption or "Stability Lab figure")
        generator.setDescription("Exported from Stability Lab")
        _paint_onto(figure, generator)
        text = _complete(bytes(buffer.data()), b"<?xml", b"</svg>", "SVG").decode("utf-8")
        return tidy_svg(text, figure.view_rects(), CJK_FAMILIES, real_family).encode("utf-8")


class PdfFormat:
    """A one-page vector PDF whose page has the figure's aspect (1 px = 0.75 pt)."""

    extension, name, filter = ".pdf", "PDF document", "PDF document (*.pdf)"

    def encode(self, figure: Figure, width_px=None, height_px=None) -> bytes:
        buffer = _memory()
        writer = QtGui.QPdfWriter(buffer)
        writer.setResolution(96)  # one device unit = one logical pixel
        size = QtCore.QSizeF(figure.size.width() * 0.75, figure.size.height() * 0.75)
        page = QtGui.QPageSize(
            size, QtGui.QPageSize.Unit.Point, "figure", QtGui.QPageSize.SizeMatchPolicy.ExactMatch
        )
        writer.setPageSize(page)
        writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0))
        writer.setCreator("Stability Lab")
        writer.setTitle(figure.caption or "Stability Lab figure")
        _paint_onto(figure, writer)
        return _complete(bytes(buffer.data()), b"%PDF-", b"%%EOF", "PDF")


FORMATS = {fmt.extension: fmt for fmt in (PngFormat(), SvgFormat(), PdfFormat())}
FILE_FILTER = ";;".join(fmt.filter for fmt in FORMATS.values())


def file_filter() -> str:
    """FILE_FILTER in the window's language, for a file dialog."""
    return ";;".join(
        (
            translate("Export", "PNG image (*.png)"),
            translate("Export", "SVG vector image (*.svg)"),
            translate("Export", "PDF document (*.pdf)"),
        )
    )


# ---------------------------------------------------------------------- public API
def file_problem(words) -> FileProblem:
    """A FileProblem that reads as `words` (a marked Message) and keeps them, so the
    window can show them translated (`FileProblem` keeps a plain line only)."""
    problem = FileProblem(words)
    problem.words = words
    return problem


def check_figure_path(path: str | os.PathLike) -> Path:
    """Fail before any work if `path` has an unknown extension or cannot be written."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        allowed = ", ".join(FORMATS)
        if path.suffix:
            template = QT_TRANSLATE_NOOP(
                "Export", "{path}: unknown figure format {suffix} (use {allowed})"
            )
            raise file_problem(
                message(template, path=str(path), suffix=repr(path.suffix), allowed=allowed)
            )
        template = QT_TRANSLATE_NOOP(
            "Export", "{path}: unknown figure format 'no extension' (use {allowed})"
        )
        raise file_problem(message(template, path=str(path), allowed=allowed))
    return check_writable(path)


def check_width(width_px: int) -> int:
    if not MIN_WIDTH <= int(width_px) <= MAX_WIDTH:
        template = QT_TRANSLATE_NOOP("Export", "width {width} px is out of range ({lo}–{hi})")
        raise ValueError(
            message(template, width=str(width_px), lo=str(MIN_WIDTH), hi=str(MAX_WIDTH))
        )
    return int(width_px)


@contextlib.contextmanager
def _figure(widget, theme, caption, width_px, height_px, aspect):
    """Yield (figure, width, height): `widget` laid out at the figure's shape meanwhile.
    A bad size or aspect raises `engine.figures.SizeError` (a ValueError) first."""
    width, height = pixel_size(aspect, width_px, height_px)
    if width is not None:
        check_width(width)
    chosen = resolve_theme(theme)
    caption = localise(caption) if caption else caption  # the config's label, say
    for hover in widget.findChildren(PlotHover):  # a hovered layer's box is not data
        hover.hide()
    with shaped(widget, width, height, CAPTION_BAND if caption else 0) as shape:
        yield Figure(widget, chosen, caption, shape), width, height


def figure_bytes(
    widget: QtWidgets.QWidget,
    extension: str,
    width_px: int | None = None,
    theme: str | Theme = "light",
    caption: str | None = None,
    aspect: str = DEFAULT_ASPECT,
    height_px: int | None = None,
) -> bytes:
    """The whole file for `widget` as PNG, SVG or PDF (by `extension`), checked complete:
    `width_px` × `height_px` of `aspect` (`engine.figures.pixel_size`; 1920 wide when no
    side is given; SVG and PDF take the shape, their size is nominal)."""
    fmt = FORMATS[extension.lower()]
    with _figure(widget, theme, caption, width_px, height_px, aspect) as (figure, width, height):
        return fmt.encode(figure, width, height)


def render_figure(
    widget: QtWidgets.QWidget,
    path: str | os.PathLike,
    width_px: int | None = None,
    theme: str | Theme = "light",
    caption: str | None = None,
    aspect: str = DEFAULT_ASPECT,
    height_px: int | None = None,
) -> Path:
    """Write `widget` as PNG, SVG or PDF (chosen by extension); return the path. The
    file is whole or untouched (`engine.files.atomic_write` decides how a link, a FIFO
    or a device is written)."""
    path = check_figure_path(path)
    try:
        data = figure_bytes(widget, path.suffix, width_px, theme, caption, aspect, height_px)
    except OSError as exc:
        template = QT_TRANSLATE_NOOP("Export", "{path}: cannot write the figure ({why})")
        why = exc.args[0] if len(exc.args) == 1 else str(exc)
        raise file_problem(message(template, path=str(path), why=why)) from None
    return atomic_write(path, data)


def figure_image(
    widget: QtWidgets.QWidget,
    width_px: int | None = 1920,
    theme="light",
    caption=None,
    aspect: str = DEFAULT_ASPECT,
    height_px: int | None = None,
) -> QtGui.QImage:
    """The PNG rendering as a QImage (for the clipboard and for tests)."""
    with _figure(widget, theme, caption, width_px, height_px, aspect) as (figure, width, height):
        return FORMATS[".png"].image(figure, width, height)


def copy_figure_to_clipboard(
    widget: QtWidgets.QWidget, theme="light", width_px: int = 1920, caption=None
) -> QtGui.QImage:
    image = figure_image(widget, width_px, theme, caption)
    QtWidgets.QApplication.clipboard().setImage(image)
    return image
