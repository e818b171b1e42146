"""Seller networks: the trade graph drawn with QGraphicsView, link suggestions to confirm or reject,
the named networks, and the GraphML export for Gephi.

Nodes are seller accounts, groups, platforms and species, sized by the number of adverts; edges are
adverts (thicker for more) and confirmed links (dashed). Clicking a node asks the main window to show
the records of that seller, group or species (``records_requested``). The graph and the suggestions
are computed off the GUI thread when an OperationRunner is given.
"""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QDate, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QTransform
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError
from desktop.i18n import _, current_language, format_number, ngettext
from desktop.intel import graph as trade
from desktop.intel.links import reason_text, suggest_links
from desktop.intel.networks import confirm_link, networks, reject_link
from desktop.progress import Progress
from desktop.ui.widgets.operation_panel import OperationPanel

COLORS = {trade.ACCOUNT: "#4a6fa5", trade.GROUP: "#d08c2f", trade.PLATFORM: "#7d5ba6", trade.SPECIES: "#3f7a52"}
NETWORK_RING = "#a8443a"
SCALE = 420.0
WIDE = 1.5
LABELLED_ACCOUNTS = 15
SMALL_GRAPH = 8  # up to this many accounts, every account is labelled


def kind_names() -> dict[str, str]:
    return {
        trade.ACCOUNT: _("Seller account"),
        trade.GROUP: _("Group or page"),
        trade.PLATFORM: _("Platform"),
        trade.SPECIES: _("Species"),
    }


def _scaled(point) -> tuple[float, float]:
    """Layout coordinates ([-1, 1]²) in scene units, wider than tall to fill a wide view."""
    return point[0] * SCALE * WIDE, point[1] * SCALE


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class NodeItem(QGraphicsEllipseItem):
    def __init__(self, node: str, radius: float, color: str, ring: bool):
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.node = node
        self.setBrush(QBrush(QColor(color)))
        self.setPen(QPen(QColor(NETWORK_RING if ring else "#ffffff"), 3 if ring else 1))
        self.setZValue(2)
        self.setCursor(Qt.CursorShape.PointingHandCursor)


class GraphView(QGraphicsView):
    """A zoomable, draggable view; a click (without dragging) on a node emits ``node_clicked``."""

    node_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._pressed_at = None

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
        self.scale(factor, factor)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._pressed_at = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mouseReleaseEvent(event)
        start, self._pressed_at = self._pressed_at, None
        if start is None or (event.position() - start).manhattanLength() > 4:
            return
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        if isinstance(item, NodeItem):
            self.node_clicked.emit(item.node)


def _compute_graph(
    store, date_from: str, date_to: str, species_id: str, max_accounts: int, lang: str, progress: Progress | None = None
):
    """The graph, the part shown, its layout and summary; ``progress`` (4 steps) can cancel between them."""
    progress = progress or Progress()
    full = trade.trade_graph(store, date_from, date_to, species_id, lang)
    progress(1, 4)
    shown = trade.focus(full, max_accounts)
    progress(2, 4)
    positions = trade.layout(shown)
    progress(3, 4)
    summary = trade.summary(full)
    progress(4, 4)
    return full, shown, positions, summary


def _links_job(store, progress):
    suggestions = suggest_links(store)
    progress.check()  # cancelled meanwhile: the suggestions are not shown
    return suggestions


class NetworkPage(QWidget):
    records_requested = Signal(str)  # text to search the observations for (seller, group or species)

    def __init__(self, store, runner=None, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.graph = None
        self.shown = None
        self.suggestions = []
        self.node_items: dict[str, NodeItem] = {}
        self._busy = False

        heading = QLabel(_("Seller networks"))
        heading.setObjectName("pageTitle")
        today = dt.date.today()
        self.date_from = QDateEdit(_qdate(today - dt.timedelta(days=90)))
        self.date_to = QDateEdit(_qdate(today))
        for edit, name in ((self.date_from, _("From")), (self.date_to, _("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.species = QComboBox()
        self.species.setObjectName("networkSpecies")
        self.species.setAccessibleName(_("Species"))
        self.species.addItem(_("All species"), "")
        lang = current_language()
        for entry in sorted(store.ref.species, key=lambda s: s.display_name(lang).lower()):
            self.species.addItem(entry.display_name(lang), entry.id)
        self.max_accounts = QSpinBox()
        self.max_accounts.setRange(10, 400)
        self.max_accounts.setValue(60)
        self.max_accounts.setAccessibleName(_("Accounts drawn"))
        self.draw_button = QPushButton(_("Draw"))
        self.draw_button.setObjectName("drawGraph")
        self.draw_button.clicked.connect(self.redraw)
        self.export_button = QPushButton(_("Export GraphML…"))
        self.export_button.setObjectName("exportGraphml")
        self.export_button.clicked.connect(self.choose_export)
        filters = QHBoxLayout()
        for label, widget in (
            (_("From"), self.date_from),
            (_("To"), self.date_to),
            (_("Species"), self.species),
            (_("Accounts drawn"), self.max_accounts),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.draw_button)
        filters.addWidget(self.export_button)

        legend = QHBoxLayout()
        for kind, text in kind_names().items():
            swatch = QLabel(f'<span style="color:{COLORS[kind]}; font-size:14pt">●</span> {text}')
            legend.addWidget(swatch)
        ring = QLabel(f'<span style="color:{NETWORK_RING}; font-size:14pt">◯</span> ' + _("In a seller network"))
        legend.addWidget(ring)
        legend.addStretch(1)
        hint = QLabel(_("Click a node to see its records; drag to move, wheel to zoom."))
        hint.setObjectName("graphHint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #55605a")

        self.scene = QGraphicsScene(self)
        self.view = GraphView()
        self.view.setObjectName("networkView")
        self.view.setScene(self.scene)
        self.view.setMinimumWidth(360)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.node_clicked.connect(self.node_clicked)
        self.status = QLabel()
        self.status.setObjectName("graphSummary")
        self.status.setWordWrap(True)
        self.graph_panel = None  # presenters of the background work (with a runner)
        if runner is not None:
            self.graph_panel = OperationPanel(runner, store, "graph", _("Cancelled."), message_label=self.status)
            self.graph_panel.running.connect(self._graph_running)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(legend)
        left_layout.addWidget(hint)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.status)
        if self.graph_panel is not None:
            left_layout.addWidget(self.graph_panel)
        right = self._build_links_panel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 420])

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self._loaded = False

    def _build_links_panel(self) -> QWidget:
        panel = QWidget()
        self.find_button = QPushButton(_("Find linked accounts"))
        self.find_button.setObjectName("findLinks")
        self.find_button.clicked.connect(self.find_links)
        self.links_table = QTableWidget(0, 2)
        self.links_table.setObjectName("linkSuggestions")
        self.links_table.setHorizontalHeaderLabels([_("Accounts"), _("Why")])
        self.links_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.links_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.links_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.links_table.setWordWrap(True)
        self.links_table.verticalHeader().setVisible(False)
        header = self.links_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.network_name = QLineEdit()
        self.network_name.setObjectName("networkName")
        self.network_name.setPlaceholderText(_("Network name (optional)"))
        self.confirm_button = QPushButton(_("Confirm link"))
        self.confirm_button.setObjectName("confirmLink")
        self.confirm_button.clicked.connect(self.confirm_current)
        self.reject_button = QPushButton(_("Not linked"))
        self.reject_button.setObjectName("rejectLink")
        self.reject_button.clicked.connect(self.reject_current)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel(_("Network:")))
        name_row.addWidget(self.network_name, 1)
        decide = QHBoxLayout()
        decide.addWidget(self.confirm_button)
        decide.addWidget(self.reject_button)
        decide.addStretch(1)
        self.links_message = QLabel(
            _(
                "Accounts that share a phone number, a handle, an evidence image or a "
                "near-identical name are suggested here."
            )
        )
        self.links_message.setWordWrap(True)
        self.links_panel = None
        if self.runner is not None:
            self.links_panel = OperationPanel(
                self.runner, self.store, "links", _("Cancelled."), message_label=self.links_message
            )
            self.links_panel.running.connect(lambda running: self.find_button.setEnabled(not running))
        self.networks_list = QListWidget()
        self.networks_list.setObjectName("networksList")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Link suggestions"))
        title.setStyleSheet("font-weight: bold")
        layout.addWidget(title)
        layout.addWidget(self.links_message)
        if self.links_panel is not None:
            layout.addWidget(self.links_panel)
        layout.addWidget(self.find_button)
        layout.addWidget(self.links_table, 2)
        layout.addLayout(name_row)
        layout.addLayout(decide)
        networks_title = QLabel(_("Seller networks"))
        networks_title.setStyleSheet("font-weight: bold")
        layout.addWidget(networks_title)
        layout.addWidget(self.networks_list, 1)
        self._show_networks()
        return panel

    # -- the graph -------------------------------------------------------------------------
    def filters(self) -> tuple[str, str, str]:
        return (
            self.date_from.date().toString("yyyy-MM-dd"),
            self.date_to.date().toString("yyyy-MM-dd"),
            self.species.currentData() or "",
        )

    def redraw(self) -> None:
        """Recompute and draw the graph for the chosen period and species (not on every visit: it can be slow)."""
        if self._busy:
            return
        self._loaded = True
        date_from, date_to, species_id = self.filters()
        limit, lang = self.max_accounts.value(), current_language()
        if self.graph_panel is None:
            self._drawn(_compute_graph(self.store, date_from, date_to, species_id, limit, lang))
            return
        self._busy = True
        self.graph_panel.start(
            _("Drawing the network…"),
            lambda store, progress: _compute_graph(store, date_from, date_to, species_id, limit, lang, progress),
            self._drawn,
        )

    def _graph_running(self, running: bool) -> None:
        self._busy = running

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._loaded:
            self.redraw()

    def _drawn(self, result) -> None:
        self._busy = False
        self.graph, self.shown, positions, info = result
        self.draw(self.shown, positions)
        if info.nodes == 0:
            self.status.setText(_("No advert with a seller in this period."))
            return
        text = _(
            "Accounts: {accounts}; nodes: {nodes}; connections: {edges}; connected groups: {groups} "
            "(largest: {largest} nodes)."
        ).format(
            accounts=format_number(info.accounts),
            nodes=format_number(info.nodes),
            edges=format_number(info.edges),
            groups=format_number(info.components),
            largest=format_number(info.largest_component),
        )
        drawn = sum(1 for _n, d in self.shown.nodes(data=True) if d["kind"] == trade.ACCOUNT)
        if drawn < info.accounts:
            text += " " + _("Showing the {n} accounts with the most adverts.").format(n=format_number(drawn))
        if info.top_accounts:
            text += " " + _("Most connected: {accounts}.").format(
                accounts=", ".join(label for label, _d, _a in info.top_accounts[:5])
            )
        self.status.setText(text)

    def draw(self, graph, positions: dict) -> None:
        self.scene.clear()
        self.node_items = {}
        if graph is None or graph.number_of_nodes() == 0:
            return
        edge_pen = QColor("#9aa5a0")
        for a, b, data in graph.edges(data=True):
            pa, pb = _scaled(positions[a]), _scaled(positions[b])
            pen = QPen(edge_pen, 0.6 + math.log1p(data.get("weight", 1)))
            if data.get("kind") == "link":
                pen = QPen(QColor(NETWORK_RING), 2.5, Qt.PenStyle.DashLine)
            line = self.scene.addLine(pa[0], pa[1], pb[0], pb[1], pen)
            line.setZValue(1 if data.get("kind") == "link" else 0)
        accounts = sorted((d["adverts"], n) for n, d in graph.nodes(data=True) if d["kind"] == trade.ACCOUNT)
        busy = [(a, n) for a, n in accounts if a > 1] if len(accounts) > SMALL_GRAPH else accounts
        labelled = {n for _a, n in busy[-LABELLED_ACCOUNTS:]}  # the others show their name on hover
        font = QFont()
        font.setPointSize(9)
        names = kind_names()
        for node, data in graph.nodes(data=True):
            radius = min(6 + 3.2 * math.sqrt(max(data["adverts"], 1)), 42)
            item = NodeItem(node, radius, COLORS.get(data["kind"], "#777777"), bool(data.get("network")))
            x, y = _scaled(positions[node])
            item.setPos(QPointF(x, y))
            tip = _("{name} ({kind}): {adverts} adverts, {degree} connections").format(
                name=data["label"],
                kind=names.get(data["kind"], data["kind"]),
                adverts=format_number(data["adverts"]),
                degree=format_number(data["degree"]),
            )
            if data.get("network"):
                tip += "\n" + _("Seller network: {name}").format(name=data["network"])
            item.setToolTip(tip)
            self.scene.addItem(item)
            self.node_items[node] = item
            if data["kind"] != trade.ACCOUNT or node in labelled or data.get("network"):
                label = QGraphicsSimpleTextItem(data["label"][:28], item)
                label.setFont(font)
                label.setBrush(QBrush(QColor("#1d2b24")))
                label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)  # readable at any zoom
                label.setPos(0, radius)
                label.setTransform(QTransform.fromTranslate(-label.boundingRect().width() / 2, 1))
        rect = self.scene.itemsBoundingRect().adjusted(-150, -20, 150, 30)  # room for unscaled labels
        self.scene.setSceneRect(rect)
        self.view.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.node_items:
            self.view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def node_clicked(self, node: str) -> None:
        if self.graph is None or node not in self.graph:
            return
        data = self.graph.nodes[node]
        if data["kind"] == trade.PLATFORM:
            self.status.setText(
                _("{name}: {adverts} adverts in this view.").format(
                    name=data["label"], adverts=format_number(data["adverts"])
                )
            )
            return
        self.records_requested.emit(data["label"])

    def choose_export(self) -> None:
        path, _selected = QFileDialog.getSaveFileName(
            self, _("Export GraphML"), "pantau-network.graphml", _("GraphML (*.graphml)")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Write the whole graph for the chosen period and species (not only the drawn part)."""
        try:
            date_from, date_to, species_id = self.filters()
            graph = (
                self.graph if self.graph is not None else trade.trade_graph(self.store, date_from, date_to, species_id)
            )
            trade.export_graphml(graph, path)
        except PantauError as exc:
            self.status.setText(exc.message)
            return
        self.status.setText(_("Exported {path}.").format(path=path))

    # -- link suggestions and networks -----------------------------------------------------
    def find_links(self) -> None:
        if self.links_panel is None:
            self._links_found(suggest_links(self.store))
            return
        self.links_panel.start(_("Looking for linked accounts…"), _links_job, self._links_found)

    def _links_found(self, suggestions) -> None:
        self.find_button.setEnabled(True)
        self.suggestions = list(suggestions)
        self.links_table.setRowCount(len(self.suggestions))
        for r, suggestion in enumerate(self.suggestions):
            reasons = "\n".join(reason_text(reason) for reason in suggestion.reasons)
            for c, text in enumerate((f"{suggestion.account_a}\n{suggestion.account_b}", reasons)):
                self.links_table.setItem(r, c, QTableWidgetItem(text))
        self.links_table.resizeRowsToContents()
        if self.suggestions:
            self.links_table.selectRow(0)
            n = len(self.suggestions)
            self.links_message.setText(
                ngettext(
                    "{n} suggestion: confirm it if the accounts are the same seller or network.",
                    "{n} suggestions: confirm the pairs that are the same seller or network.",
                    n,
                ).format(n=format_number(n))
            )
        else:
            self.links_message.setText(_("No linked accounts found."))

    def _current_suggestion(self):
        row = self.links_table.currentRow()
        return self.suggestions[row] if 0 <= row < len(self.suggestions) else None

    def confirm_current(self) -> None:
        suggestion = self._current_suggestion()
        if suggestion is None:
            return
        try:
            network = confirm_link(
                self.store, suggestion.account_a, suggestion.account_b, self.network_name.text(), suggestion.reasons
            )
        except PantauError as exc:
            self.links_message.setText(exc.message)
            return
        self.links_message.setText(
            _("Linked: {a} and {b} are now in the network '{name}'.").format(
                a=suggestion.account_a, b=suggestion.account_b, name=network.name
            )
        )
        self._decided()

    def reject_current(self) -> None:
        suggestion = self._current_suggestion()
        if suggestion is None:
            return
        try:
            reject_link(self.store, suggestion.account_a, suggestion.account_b, suggestion.reasons)
        except PantauError as exc:
            self.links_message.setText(exc.message)
            return
        self.links_message.setText(
            _("Recorded: {a} and {b} are not linked.").format(a=suggestion.account_a, b=suggestion.account_b)
        )
        self._decided()

    def _decided(self) -> None:
        row = self.links_table.currentRow()
        del self.suggestions[row]
        self.links_table.removeRow(row)
        self._show_networks()

    def _show_networks(self) -> None:
        self.networks_list.clear()
        for item in networks(self.store):
            self.networks_list.addItem(
                _("{name}: {accounts}").format(name=item.name, accounts=", ".join(item.accounts))
            )
        if self.networks_list.count() == 0:
            self.networks_list.addItem(_("No seller networks yet."))
