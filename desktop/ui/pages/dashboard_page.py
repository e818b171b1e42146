"""The dashboard: monitoring figures for a period (computed in SQL by
``desktop.reports.figures``) as headline numbers and QtCharts charts, with the monitoring
effort of the period (``desktop.intel.effort``): adverts found per hour, overall and per platform.

``refresh()`` recomputes; the main window calls it on navigation, and after an
entry or import. With an OperationRunner the figures are computed off the GUI
thread in the runner's own Store; without one (tests, embedding) they are
computed at once.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QEvent, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, format_date, format_number, format_percent
from desktop.progress import Progress
from desktop.reports import labels
from desktop.reports.figures import countries_seen, platforms_seen
from desktop.ui.widgets.operation_panel import OperationPanel

COLORS = ("#3f7a52", "#d08c2f", "#4a6fa5", "#a8443a", "#7d5ba6", "#5e9c9a", "#b5a642", "#8a6d5a")
CHART_HEIGHT = 17.5  # chart height, bar height and fonts below are in lines / ems of the page's font,
BAR_HEIGHT = 1.6  # so the dashboard grows with Settings → Text size (the application font)
FIGURE_EM = 1.7
AXIS_EM = 0.75


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def dashboard_figures(store, scope: tuple, progress: Progress | None = None) -> dict:
    """The monitoring figures of the scope with the monitoring effort of its period (key ``effort``)."""
    from desktop.reports.figures import summary_figures  # no PDF library: not reportlab at start-up

    return summary_figures(store, *scope, progress=progress)


def _rate(value) -> str:
    return "–" if value is None else format_number(round(value, 2))


class DashboardPage(QWidget):
    def __init__(self, store, parent=None, runner=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.last_figures: dict | None = None
        self._busy = False
        self._again = False

        heading = QLabel(_("Dashboard"))
        heading.setObjectName("pageTitle")
        today = dt.date.today()
        self.date_from = QDateEdit(_qdate(today - dt.timedelta(days=365)))
        self.date_to = QDateEdit(_qdate(today))
        for edit, name in ((self.date_from, _("From")), (self.date_to, _("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.country = QComboBox()
        self.country.setAccessibleName(_("Country"))
        self.platform = QComboBox()
        self.platform.setAccessibleName(_("Platform"))
        self._fill_pickers()
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        for widget in (self.date_from, self.date_to):
            widget.dateChanged.connect(lambda _d: self.refresh())
        for combo in (self.country, self.platform):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status = QLabel()
        self.status.setObjectName("dashboardStatus")
        self.panel = None  # the presenter of the background computation (with a runner)
        if runner is not None:
            self.panel = OperationPanel(runner, store, "dashboard", _("Cancelled."), message_label=self.status)
            self.panel.running.connect(self._running)

        pickers = QHBoxLayout()
        for text, widget in (
            (_("From"), self.date_from),
            (_("To"), self.date_to),
            (_("Country"), self.country),
            (_("Platform"), self.platform),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            pickers.addWidget(label)
            pickers.addWidget(widget)
        pickers.addWidget(self.refresh_button)
        pickers.addStretch(1)

        self.headline_grid = QGridLayout()
        self.headline_labels: dict[str, QLabel] = {}
        headline = QFrame()
        headline.setObjectName("dashboardHeadline")
        headline.setLayout(self.headline_grid)
        for i, (key, text) in enumerate(self.headline_names()):
            number = QLabel("–")
            number.setObjectName(f"figure_{key}")
            number.setStyleSheet("color: #23402f;")
            caption = QLabel(text)
            caption.setWordWrap(True)
            row, col = divmod(i, 5)
            self.headline_grid.addWidget(number, row * 2, col)
            self.headline_grid.addWidget(caption, row * 2 + 1, col)
            self.headline_labels[key] = number
        self.effort_summary = QLabel()
        self.effort_summary.setObjectName("effortSummary")
        self.effort_summary.setWordWrap(True)

        self.charts: dict[str, QChartView] = {}
        grid = QGridLayout()
        titles = (
            ("platforms", _("Adverts by platform")),
            ("taxa", _("Species by taxonomic group")),
            ("species", _("Species most offered alive")),
            ("funnel", _("Reporting to the platforms")),
            ("seizures", _("Seizures by month")),
            ("effort", _("Adverts found per hour of monitoring")),
        )
        for i, (key, title) in enumerate(titles):
            chart = QChart()
            chart.setTitle(title)
            chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            chart.setMargins(QMargins(4, 4, 4, 4))
            view = QChartView(chart)
            view.setObjectName(f"chart_{key}")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.charts[key] = view
            grid.addWidget(view, i // 2, i % 2)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(headline)
        body_layout.addWidget(self.effort_summary)
        body_layout.addLayout(grid)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(pickers)
        layout.addWidget(self.status)  # its own line: the period in words fits at any text size
        if self.panel is not None:
            layout.addWidget(self.panel)
        layout.addWidget(scroll, 1)
        self._apply_text_size()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size setting changed the application font
            self._apply_text_size()

    def _scaled_font(self, em: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(self.font().pointSizeF() * em)
        font.setBold(bold)
        return font

    def _line(self) -> int:
        return self.fontMetrics().height()

    def _apply_text_size(self) -> None:
        """Figures, chart titles and chart heights follow the page's font (the text size setting)."""
        for label in self.headline_labels.values():
            label.setFont(self._scaled_font(FIGURE_EM, bold=True))
        for view in self.charts.values():
            view.chart().setTitleFont(self._scaled_font(1.0, bold=True))
            view.setMinimumHeight(CHART_HEIGHT * self._line())
        if self.last_figures is not None:
            self.show_figures(self.last_figures)

    # -- pickers -------------------------------------------------------------------
    @staticmethod
    def headline_names() -> list[tuple[str, str]]:
        return [
            ("adverts", _("Adverts")),
            ("platforms", _("Platforms")),
            ("seller_accounts", _("Seller accounts")),
            ("groups", _("Groups and pages")),
            ("live_individuals", _("Live individuals")),
            ("species", _("Species")),
            ("reported", _("Reported")),
            ("removed", _("Removed")),
            ("accounts_locked", _("Accounts locked")),
            ("seizures", _("Seizures")),
        ]

    def _fill_pickers(self) -> None:
        names = labels.RefLabels(self.store.ref)
        self.country.blockSignals(True)
        self.platform.blockSignals(True)
        current_country, current_platform = self.country.currentData(), self.platform.currentData()
        self.country.clear()
        self.country.addItem(_("All countries"), "")
        for code in sorted(set(countries_seen(self.store)) | {"ID", "MY", "SG"}):
            self.country.addItem(names.country(code), code)
        self.platform.clear()
        self.platform.addItem(_("All platforms"), "")
        known = {p.id for p in self.store.ref.platforms}
        for pid in sorted(set(platforms_seen(self.store)) | known):
            self.platform.addItem(names.platform(pid), pid)
        for combo, value in ((self.country, current_country), (self.platform, current_platform)):
            index = combo.findData(value) if value else 0
            combo.setCurrentIndex(max(index, 0))
        self.country.blockSignals(False)
        self.platform.blockSignals(False)

    def scope(self) -> tuple[dt.date, dt.date, str | None, str | None]:
        start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        if end < start:
            start, end = end, start
        return start, end, self.country.currentData() or None, self.platform.currentData() or None

    # -- computing -----------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the figures for the chosen period (in the background when a runner is set)."""
        if self._busy:
            self._again = True
            return
        self._fill_pickers()
        scope = self.scope()
        if self.panel is None:
            self.show_figures(dashboard_figures(self.store, scope))
            return
        self._busy = True
        self.panel.start(
            _("Calculating…"), lambda store, progress: dashboard_figures(store, scope, progress), self.show_figures
        )

    def _running(self, running: bool) -> None:
        """When a computation ends (done, failed or cancelled), start the one asked for meanwhile."""
        if running:
            return
        self._busy = False
        if self._again:
            self._again = False
            self.refresh()

    # -- showing -------------------------------------------------------------------
    def show_figures(self, f: dict) -> None:
        self.last_figures = f
        self.status.setText(
            _("{start} to {end}").format(
                start=format_date(dt.date.fromisoformat(f["period"]["from"])),
                end=format_date(dt.date.fromisoformat(f["period"]["to"])),
            )
        )
        for key, label in self.headline_labels.items():
            value = f["seizures"]["count"] if key == "seizures" else f[key]
            label.setText(format_number(value))
            if key == "species" and f.get("species_unidentified"):
                label.setText(
                    _("{n} ({unverified} not verified)").format(
                        n=format_number(value), unverified=format_number(f["species_unidentified"])
                    )
                )
        platforms = list(f["by_platform"].values())
        self._bars("platforms", [p["name"] for p in platforms], [p["adverts"] for p in platforms], COLORS[0])
        self._taxa(f)
        top = [s for s in f["top_species"] if s["live_individuals"]]
        self._bars("species", [labels.species_label(s) for s in top], [s["live_individuals"] for s in top], COLORS[1])
        self._bars(
            "funnel",
            [_("Adverts"), _("Reported"), _("Removed"), _("Account locked")],
            [f["adverts"], f["reported"], f["reported_removed"], f["reported_locked"]],
            COLORS[2],
        )
        months = f["seizures"]["by_month"]
        self._columns(
            "seizures",
            [format_date(dt.date(int(m[:4]), int(m[5:]), 1), "MMM yy") for m in months],
            list(months.values()),
            COLORS[3],
        )
        if "effort" in f:
            self._effort(f["effort"])

    def _effort(self, e: dict) -> None:
        """Adverts found per hour of monitoring: overall in a sentence, per platform as bars."""
        t = e["totals"]
        if not t["sessions"]:
            self.effort_summary.setText(
                _("No monitoring sessions were recorded in this period, so there are no effort figures.")
            )
        else:
            self.effort_summary.setText(
                _(
                    "Monitoring effort: {rate} adverts found per hour ({found} adverts in "
                    "{hours} hours of {n} sessions)."
                ).format(
                    rate=_rate(t["per_hour"]),
                    found=format_number(t["found"]),
                    hours=format_number(t["hours"]),
                    n=format_number(t["sessions"]),
                )
            )
        names = labels.RefLabels(self.store.ref)
        rows = [r for r in e["by_platform"] if r["sessions"]]
        self._bars(
            "effort",
            [names.platform(r["key"]) for r in rows],
            [r["per_hour"] or 0 for r in rows],
            COLORS[4],
            value_labels=[_rate(r["per_hour"]) for r in rows],
        )

    def _reset(self, key: str, rows: int = 0) -> QChart:
        view = self.charts[key]
        view.setMinimumHeight(int(max(CHART_HEIGHT, 5 + BAR_HEIGHT * rows) * self._line()))
        chart = view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.legend().setVisible(False)
        return chart

    def _bars(
        self, key: str, names: list[str], values: list[float], color: str, value_labels: list[str] | None = None
    ) -> None:
        """Horizontal bars, first item on top. ``value_labels`` (formatted for the language) go beside the
        names instead of Qt's own value labels and axis numbers."""
        if value_labels is not None:
            names = [f"{name}  {label}" for name, label in zip(names, value_labels)]
        chart = self._reset(key, len(names))
        bar_set = QBarSet(self.charts[key].chart().title())
        bar_set.setColor(QColor(color))
        bar_set.setLabelColor(QColor("#222222"))  # the value beside each bar (white on white by default)
        bar_set.setLabelFont(self._axis_font())
        names, values = list(reversed(names)), list(reversed(values))
        bar_set.append([float(v) for v in values])
        series = QHorizontalBarSeries()
        series.append(bar_set)
        series.setLabelsVisible(value_labels is None)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append([n[:28] + "…" if len(n) > 29 else n for n in names] or [""])
        axis_y.setLabelsFont(self._axis_font())
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        axis_x.setRange(0, max(values or [0]) * 1.15 or 1)
        axis_x.applyNiceNumbers()
        axis_x.setLabelFormat("%d")
        axis_x.setLabelsFont(self._axis_font())
        axis_x.setLabelsVisible(value_labels is None)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)

    def _axis_font(self) -> QFont:
        return self._scaled_font(AXIS_EM)

    def _columns(self, key: str, names: list[str], values: list[float], color: str) -> None:
        chart = self._reset(key, 11 if len(names) > 8 else 0)
        bar_set = QBarSet(self.charts[key].chart().title())
        bar_set.setColor(QColor(color))
        bar_set.append([float(v) for v in values])
        series = QBarSeries()
        series.append(bar_set)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(names or [""])
        axis_x.setLabelsAngle(-90 if len(names) > 8 else 0)
        axis_x.setLabelsFont(self._axis_font())
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setRange(0, max(values or [0]) * 1.15 or 1)
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%d")
        axis_y.setLabelsFont(self._axis_font())
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)

    def _taxa(self, f: dict) -> None:
        chart = self._reset("taxa")
        series = QPieSeries()
        for i, (group, value) in enumerate(f["species_by_taxon_group"].items()):
            part = series.append(f"{labels.taxon_group(group)} {format_percent(value['share'])}", value["species"])
            part.setColor(QColor(COLORS[i % len(COLORS)]))
            part.setLabelVisible(True)
        chart.addSeries(series)
        chart.legend().setVisible(False)
