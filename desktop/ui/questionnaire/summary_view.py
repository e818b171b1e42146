"""The questionnaire summary screen: complete responses by country, agency and role, and a
bar chart (QtCharts) of the answers to every closed question, for one workshop (all laptops
whose bundles were imported) or for every response to a form.

The trainer's laptop, when it is a coordinator, can import the other laptops' bundles from
here (through :mod:`desktop.sync.importer`); the summary then covers them too.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError
from desktop.forms.summary import Count, summarise
from desktop.forms.workshop import WorkshopBook
from desktop.i18n import _, format_number, ngettext
from desktop.ui.widgets.operation_panel import OperationPanel

BAR_COLOUR = QColor("#3f7a52")
LABEL_CHARS = 42
ROW_HEIGHT = 26


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(counts: list[Count]) -> QChartView:
    """A horizontal bar chart of ``counts`` (first count on top), the number at each bar's end."""
    chart = QChart()
    chart.legend().hide()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 2, 12, 2))
    bars = QBarSet("")
    bars.setColor(BAR_COLOUR)
    bars.setLabelColor(QColor("#222222"))
    ordered = list(reversed(counts))
    for count in ordered:
        bars.append(count.count)
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setBarWidth(0.7)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.setTruncateLabels(False)  # short labels are already shortened with '…' by _short
    categories.append([_short(c.label) for c in ordered] or [""])
    values = QValueAxis()
    top = max([c.count for c in counts] + [1])
    values.setRange(0, top + max(1, top // 8))
    values.setLabelFormat("%d")
    values.setTickCount(min(top + 2, 6) if top < 5 else 6)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    series.attachAxis(values)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(60 + ROW_HEIGHT * max(len(counts), 1))
    view.setMinimumWidth(420)
    view.setMaximumWidth(980)
    view.setToolTip("\n".join("{label}: {n}".format(label=c.label, n=format_number(c.count)) for c in counts))
    return view


class SummaryView(QWidget):
    closed = Signal()

    def __init__(self, store, library, runner=None, parent=None):
        super().__init__(parent)
        self.setObjectName("questionnaireSummary")
        self.store = store
        self.library = library
        self.runner = runner
        self.form_id = ""
        self.workshop_id: str | None = None
        self.summary = None
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("summarySubtitle")
        self.subtitle.setWordWrap(True)
        self.back_button = QPushButton()
        self.back_button.setObjectName("summaryBack")
        self.back_button.clicked.connect(self.closed.emit)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("summaryRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.import_button = QPushButton()
        self.import_button.setObjectName("importBundles")
        self.import_button.clicked.connect(self.import_bundles)
        self.panel = None  # the presenter of the bundle import (with a runner)
        if runner is not None:
            self.panel = OperationPanel(runner, store, "summaryImport", _("Cancelled."))
            self.panel.running.connect(lambda running: self.import_button.setEnabled(not running))
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(scroll, 1)
        if self.panel is not None:
            layout.addWidget(self.panel)
        layout.addLayout(buttons)

    def show_summary(self, form_id: str, workshop_id: str | None = None) -> None:
        self.form_id, self.workshop_id = form_id, workshop_id
        self.refresh()

    def retranslate(self) -> None:
        self.back_button.setText(_("Back"))
        self.refresh_button.setText(_("Refresh"))
        self.import_button.setText(_("Import bundles from other laptops…"))
        self.import_button.setToolTip(
            _(
                "Import the sync bundles exported by the other laptops of this "
                "workshop, so that the summary covers them too."
            )
        )

    def refresh(self) -> None:
        self.retranslate()
        self.summary = summarise(self.store, self.form_id, self.workshop_id, self.library)
        s = self.summary
        self.title.setText(_("Summary: {title}").format(title=s.title))
        lines = []
        if self.workshop_id:
            workshop = WorkshopBook(self.store).find(self.workshop_id)
            if workshop is not None:
                lines.append(
                    _("Workshop {name}, {place}, {date} (code {code})").format(
                        name=workshop.name, place=workshop.place or "-", date=workshop.held_on, code=workshop.id
                    )
                )
            else:
                lines.append(_("Workshop code {code}").format(code=self.workshop_id))
        lines.append(
            ngettext("{n} complete response", "{n} complete responses", s.total).format(n=format_number(s.total))
            + " · "
            + ngettext("from {n} laptop", "from {n} laptops", s.devices).format(n=format_number(s.devices))
        )
        self.subtitle.setText("\n".join(lines))
        self._fill_charts()

    def _clear(self) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def _fill_charts(self) -> None:
        self._clear()
        s = self.summary
        blocks = [
            (_("Responses by country"), s.by_country, "byCountry"),
            (_("Responses by agency"), s.by_agency, "byAgency"),
            (_("Responses by role"), s.by_role, "byRole"),
        ]
        for question in s.questions:
            note = ngettext("{n} answered", "{n} answered", question.answered).format(
                n=format_number(question.answered)
            )
            blocks.append(
                ("{label} ({note})".format(label=question.label, note=note), question.counts, "chart:" + question.name)
            )
        for i, (heading, counts, name) in enumerate(blocks):
            box = QWidget()
            box.setObjectName(name)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 8, 0, 4)
            label = QLabel(heading)
            label.setWordWrap(True)
            label.setStyleSheet("font-weight: bold;")
            inner.addWidget(label)
            if counts and any(c.count for c in counts):
                inner.addWidget(bar_chart(counts))
            else:
                inner.addWidget(QLabel(_("No answers yet.")))
            inner.addStretch(1)
            self.grid.addWidget(box, i, 0)  # one chart per row: long answer labels need the width

    # -- several laptops -------------------------------------------------------------------
    def import_bundles(self) -> None:
        try:
            from desktop.sync import importer
        except ImportError:
            QMessageBox.information(self, _("Import bundles"), _("Importing bundles is not available in this version."))
            return
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Bundles from the other laptops"), "", _("Pantau bundles (*{ext})").format(ext=_bundle_extension())
        )
        if not paths:
            return

        def done(reports) -> str:
            text = "\n".join(r.line() for r in reports) or _("Nothing imported.")
            QMessageBox.information(self, _("Import bundles"), text)
            self.refresh()
            return text

        def failed(message: str) -> None:
            QMessageBox.warning(self, _("Import bundles"), message)

        if self.panel is not None:
            self.panel.start(_("Importing bundles"), _importer(paths), done)
            return
        try:
            done(importer.import_paths(self.store, paths))
        except PantauError as exc:
            failed(exc.message)


def _bundle_extension() -> str:
    from desktop.sync import bundle

    return bundle.EXTENSION


def _importer(paths):
    """The import job, run by the presenter (``OperationPanel``) in a store of its own off the GUI thread."""

    def job(store, progress):
        from desktop.sync import importer

        return importer.import_paths(store, paths, progress=progress)

    return job
