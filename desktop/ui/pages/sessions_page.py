"""Monitoring sessions: record a session (platform, date, times, keywords searched), keep the keyword
list per language, and see the effort-normalised figures (adverts per hour and per keyword, per
platform and per month, beside raw counts) and the keywords that never find anything."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError, ValidationFailed
from desktop.i18n import _, current_language, format_date, format_number, language_names, ngettext
from desktop.intel.effort import MIN_SEARCHES_TO_PRUNE, effort
from desktop.intel.keywords import LANGUAGES, add_keyword, keyword_list, remove_keyword
from desktop.intel.sessions import MonitoringSession, delete_session, list_sessions, save_session
from desktop.reference.translated_names import local_name


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _number(value) -> str:
    return "—" if value is None else format_number(value)


def _fill(table: QTableWidget, rows: list[list[str]], numeric_from: int = 1) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c >= numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


def _table(name: str, headers: list[str], stretch: int = 0) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class SessionsPage(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.sessions: list[dict] = []
        self.platform_names = {p.id: local_name(p.name) for p in store.ref.platforms}
        heading = QLabel(_("Monitoring sessions"))
        heading.setObjectName("pageTitle")
        explanation = QLabel(
            _(
                "Record each sitting of online monitoring, so that advert counts can be read "
                "against the time spent and the keywords searched."
            )
        )
        explanation.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_form())
        splitter.addWidget(self._build_figures())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 740])
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(splitter, 1)

    # -- the session form --------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        box = QGroupBox(_("New session"))
        self.platform = QComboBox()
        self.platform.setObjectName("sessionPlatform")
        for platform in self.store.ref.platforms:
            self.platform.addItem(local_name(platform.name), platform.id)
        today = dt.date.today()
        self.session_date = QDateEdit(_qdate(today))
        self.session_date.setCalendarPopup(True)
        self.session_date.setDisplayFormat("yyyy-MM-dd")
        now = dt.datetime.now()
        self.start_time = QTimeEdit(QTime(max(now.hour - 1, 0), 0))
        self.end_time = QTimeEdit(QTime(now.hour, 0))
        for edit in (self.start_time, self.end_time):
            edit.setDisplayFormat("HH:mm")
        self.officer = QLineEdit(self.store.actor.officer_name)
        self.keyword_language = QComboBox()
        names = language_names()
        for code in LANGUAGES:
            self.keyword_language.addItem(names[code], code)
        wanted = current_language() if current_language() in LANGUAGES else "id"
        self.keyword_language.setCurrentIndex(self.keyword_language.findData(wanted))
        self.keyword_language.currentIndexChanged.connect(lambda _i: self.load_keywords())
        self.keyword_filter = QLineEdit()
        self.keyword_filter.setPlaceholderText(_("Filter the list…"))
        self.keyword_filter.setClearButtonEnabled(True)
        self.keyword_filter.textChanged.connect(self._filter_keywords)
        self.keywords = QListWidget()
        self.keywords.setObjectName("sessionKeywords")
        self.keywords.setMinimumHeight(140)
        self.new_keyword = QLineEdit()
        self.new_keyword.setObjectName("newKeyword")
        self.new_keyword.setPlaceholderText(_("New keyword"))
        add = QPushButton(_("Add to list"))
        add.clicked.connect(self.add_keyword)
        self.new_keyword.returnPressed.connect(self.add_keyword)
        remove = QPushButton(_("Remove from list"))
        remove.clicked.connect(self.remove_keyword)
        keyword_buttons = QHBoxLayout()
        keyword_buttons.addWidget(self.new_keyword, 1)
        keyword_buttons.addWidget(add)
        keyword_buttons.addWidget(remove)
        self.notes = QLineEdit()
        save = QPushButton(_("Save session"))
        save.setObjectName("saveSession")
        save.clicked.connect(self.save)
        self.form_message = QLabel()
        self.form_message.setObjectName("sessionMessage")
        self.form_message.setWordWrap(True)

        form = QFormLayout(box)
        form.addRow(_("Platform:"), self.platform)
        form.addRow(_("Date:"), self.session_date)
        times = QHBoxLayout()
        times.addWidget(self.start_time)
        times.addWidget(QLabel(_("to")))
        times.addWidget(self.end_time)
        times.addStretch(1)
        form.addRow(_("Time:"), times)
        form.addRow(_("Officer:"), self.officer)
        form.addRow(_("Keyword list:"), self.keyword_language)
        form.addRow(_("Keywords searched:"), self.keyword_filter)
        form.addRow(self.keywords)
        form.addRow(keyword_buttons)
        form.addRow(_("Notes:"), self.notes)
        form.addRow(save)
        form.addRow(self.form_message)
        self.load_keywords()
        return box

    def load_keywords(self) -> None:
        checked = set(self.checked_keywords())
        self.keywords.clear()
        for item in keyword_list(self.store, self.keyword_language.currentData()):
            entry = QListWidgetItem(item.keyword)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if item.keyword in checked else Qt.CheckState.Unchecked)
            self.keywords.addItem(entry)
        self._filter_keywords(self.keyword_filter.text())

    def _filter_keywords(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.keywords.count()):
            item = self.keywords.item(i)
            item.setHidden(bool(needle) and needle not in item.text())

    def checked_keywords(self) -> list[str]:
        return [
            self.keywords.item(i).text()
            for i in range(self.keywords.count())
            if self.keywords.item(i).checkState() == Qt.CheckState.Checked
        ]

    def add_keyword(self) -> None:
        try:
            word = add_keyword(self.store, self.keyword_language.currentData(), self.new_keyword.text())
        except PantauError as exc:
            self.form_message.setText(exc.message)
            return
        self.new_keyword.clear()
        self.load_keywords()
        for i in range(self.keywords.count()):
            if self.keywords.item(i).text() == word:
                self.keywords.item(i).setCheckState(Qt.CheckState.Checked)
                self.keywords.setCurrentRow(i)
        self.form_message.setText(_("Added keyword '{keyword}'.").format(keyword=word))

    def remove_keyword(self) -> None:
        item = self.keywords.currentItem()
        if item is None:
            return
        word = remove_keyword(self.store, self.keyword_language.currentData(), item.text())
        self.load_keywords()
        self.form_message.setText(_("Removed keyword '{keyword}'.").format(keyword=word))

    def save(self) -> None:
        session = MonitoringSession(
            platform=self.platform.currentData() or "",
            session_date=self.session_date.date().toString("yyyy-MM-dd"),
            start_time=self.start_time.time().toString("HH:mm"),
            end_time=self.end_time.time().toString("HH:mm"),
            officer=self.officer.text(),
            keywords=self.checked_keywords(),
            notes=self.notes.text(),
        )
        try:
            saved = save_session(self.store, session)
        except ValidationFailed as exc:
            self.form_message.setText("\n".join(p.message for p in exc.problems))
            return
        except PantauError as exc:
            self.form_message.setText(exc.message)
            return
        self.form_message.setText(
            _("Saved the session ({minutes} minutes).").format(minutes=format_number(saved.minutes()))
        )
        self.notes.clear()
        for i in range(self.keywords.count()):
            self.keywords.item(i).setCheckState(Qt.CheckState.Unchecked)
        self.refresh()

    # -- sessions and figures ------------------------------------------------------------
    def _build_figures(self) -> QWidget:
        panel = QWidget()
        today = dt.date.today()
        self.date_from = QDateEdit(_qdate(today - dt.timedelta(days=365)))
        self.date_to = QDateEdit(_qdate(today))
        for edit, name in ((self.date_from, _("From")), (self.date_to, _("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(lambda _d: self.refresh())
        period = QHBoxLayout()
        period.addWidget(QLabel(_("From")))
        period.addWidget(self.date_from)
        period.addWidget(QLabel(_("To")))
        period.addWidget(self.date_to)
        period.addStretch(1)
        self.totals = QLabel()
        self.totals.setObjectName("effortTotals")
        self.totals.setWordWrap(True)

        self.sessions_table = _table(
            "sessionsTable",
            [_("Date"), _("Time"), _("Platform"), _("Officer"), _("Minutes"), _("Adverts found"), _("Keywords")],
            6,
        )
        delete = QPushButton(_("Delete session"))
        delete.clicked.connect(self.delete_current)
        sessions_tab = QWidget()
        sessions_layout = QVBoxLayout(sessions_tab)
        sessions_layout.addWidget(self.sessions_table, 1)
        sessions_layout.addWidget(delete, 0, Qt.AlignmentFlag.AlignLeft)
        effort_headers = [
            _("Sessions"),
            _("Hours"),
            _("Adverts found"),
            _("Per hour"),
            _("Per session"),
            _("All adverts recorded"),
        ]
        self.platform_table = _table("effortByPlatform", [_("Platform")] + effort_headers)
        self.month_table = _table("effortByMonth", [_("Month")] + effort_headers)
        self.keyword_table = _table(
            "effortByKeyword",
            [_("Keyword"), _("Searches"), _("Hours"), _("Adverts found"), _("Per search"), _("Per hour")],
        )
        self.prune = QLabel()
        self.prune.setObjectName("pruneKeywords")
        self.prune.setWordWrap(True)
        keyword_tab = QWidget()
        keyword_layout = QVBoxLayout(keyword_tab)
        keyword_layout.addWidget(self.keyword_table, 1)
        keyword_layout.addWidget(self.prune)
        self.tabs = QTabWidget()
        self.tabs.addTab(sessions_tab, _("Sessions"))
        self.tabs.addTab(self.platform_table, _("By platform"))
        self.tabs.addTab(self.month_table, _("By month"))
        self.tabs.addTab(keyword_tab, _("By keyword"))
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(period)
        layout.addWidget(self.totals)
        layout.addWidget(self.tabs, 1)
        return panel

    def period(self) -> tuple[str, str]:
        return self.date_from.date().toString("yyyy-MM-dd"), self.date_to.date().toString("yyyy-MM-dd")

    def refresh(self) -> None:
        date_from, date_to = self.period()
        self.sessions = list_sessions(self.store, date_from, date_to)
        rows = []
        for s in self.sessions:
            try:
                day = format_date(dt.date.fromisoformat(s["session_date"]))
            except ValueError:
                day = s["session_date"]
            rows.append(
                [
                    day,
                    f"{s['start_time']}–{s['end_time']}",
                    self.platform_names.get(s["platform"], s["platform"]),
                    s["officer"],
                    format_number(s["minutes"]),
                    format_number(s["adverts"]),
                    ", ".join(s["keywords"]),
                ]
            )
        _fill(self.sessions_table, rows, numeric_from=4)
        for r in range(self.sessions_table.rowCount()):
            self.sessions_table.item(r, 6).setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        figures = effort(self.store, date_from, date_to, self.keyword_language.currentData())
        t = figures.totals
        self.totals.setText(
            _(
                "Sessions: {n}; hours searched: {hours}; adverts found in sessions: {found} "
                "({rate} per hour); adverts recorded without a session: {other}."
            ).format(
                n=format_number(t["sessions"]),
                hours=format_number(t["hours"]),
                found=format_number(t["found"]),
                rate=_number(t["per_hour"]),
                other=format_number(t["adverts_without_session"]),
            )
        )
        for table, data, names in (
            (self.platform_table, figures.by_platform, self.platform_names),
            (self.month_table, figures.by_month, {}),
        ):
            _fill(
                table,
                [
                    [
                        names.get(row["key"], row["key"] or "—"),
                        format_number(row["sessions"]),
                        format_number(row["hours"]),
                        format_number(row["found"]),
                        _number(row["per_hour"]),
                        _number(row["per_session"]),
                        format_number(row["all_adverts"]),
                    ]
                    for row in data
                ],
            )
        _fill(
            self.keyword_table,
            [
                [
                    row["keyword"],
                    format_number(row["searches"]),
                    format_number(row["hours"]),
                    format_number(row["found"]),
                    _number(row["per_search"]),
                    _number(row["per_hour"]),
                ]
                for row in figures.by_keyword
            ],
        )
        parts = []
        if figures.prune:
            parts.append(
                _("Searched {n} times or more without finding an advert: {keywords}.").format(
                    n=MIN_SEARCHES_TO_PRUNE, keywords=", ".join(figures.prune)
                )
            )
        if figures.never_searched:
            n = len(figures.never_searched)
            parts.append(
                ngettext(
                    "On the list but not searched in this period: {n} keyword.",
                    "On the list but not searched in this period: {n} keywords.",
                    n,
                ).format(n=format_number(n))
            )
        self.prune.setText("\n".join(parts))

    def delete_current(self) -> None:
        row = self.sessions_table.currentRow()
        if not 0 <= row < len(self.sessions):
            return
        delete_session(self.store, self.sessions[row]["id"])
        self.refresh()
