#!/usr/bin/env python3
"""Draw the five fictional sample adverts of the training exercise 'record five adverts'.

    python scripts/make_training_samples.py      # writes desktop/resources/training/advert-1.png … advert-5.png

Every image is painted here with Qt (offscreen), from made-up sellers, groups and links,
and is stamped 'TRAINING SAMPLE' so that it can never be mistaken for real evidence.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPainterPath, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = ROOT / "desktop" / "resources" / "training"
W, H = 900, 900

ADVERTS = [
    {
        "platform": "Facebook",
        "colour": "#3b5998",
        "kind": "Group post",
        "url": "https://www.facebook.com/groups/contoh.kicau.nusantara/posts/7310000000000001",
        "seller": "Kicau Jaya 88",
        "handle": "kicau.jaya88",
        "where": "Grup: Kicau Mania Nusantara (contoh)",
        "date": "3 Mei 2026 pukul 19.42",
        "text": "Jual kakatua jambul kuning 1 ekor, jinak, sudah bisa bicara, sehat. Lengkap dengan kandang. "
        "COD Jakarta Timur, bisa kirim luar kota. Serius PM / WA.",
        "price": "Rp 3.500.000 (nego)",
        "animal": "bird",
        "photo": "foto: burung kakatua putih jambul kuning",
    },
    {
        "platform": "Shopee",
        "colour": "#ee4d2d",
        "kind": "Product listing",
        "url": "https://shopee.co.id/contoh-herbal-alam-store-i.000001.000002",
        "seller": "Herbal Alam Store (contoh)",
        "handle": "herbal_alam_store",
        "where": "Kota Medan · Sumatera Utara",
        "date": "Terjual 12 · dilihat 5 Mei 2026",
        "text": "Sisik trenggiling asli kering, untuk obat tradisional. Harga per ons (100 gram). Stok 500 gram. "
        "Pengiriman rapi dan aman.",
        "price": "Rp 1.200.000 / ons",
        "animal": "scales",
        "photo": "foto: sisik coklat dalam kantong plastik",
    },
    {
        "platform": "Instagram",
        "colour": "#c13584",
        "kind": "Post",
        "url": "https://www.instagram.com/p/CONTOH0kukang01/",
        "seller": "exotic.pets.sby",
        "handle": "exotic.pets.sby",
        "where": "Surabaya, Jawa Timur",
        "date": "7 Mei 2026",
        "text": "Ready 2 ekor kukang, jinak, cocok untuk pemula. Harga DM ya kak. Bisa kirim seluruh Jawa. "
        "#kukang #hewaneksotis #jualhewan",
        "price": "Harga: DM (tidak disebut)",
        "animal": "loris",
        "photo": "foto: dua kukang di dahan",
    },
    {
        "platform": "Facebook Marketplace",
        "colour": "#1877f2",
        "kind": "Marketplace listing (Malaysia)",
        "url": "https://www.facebook.com/marketplace/item/0000000000000005/",
        "seller": "Haiwan Comel JB",
        "handle": "haiwan.comel.jb",
        "where": "Johor Bahru, Johor",
        "date": "Disenaraikan 9 Mei 2026",
        "text": "Anak memerang (berang-berang cakar kecil) umur 2 bulan, manja, sudah makan sendiri. 1 ekor sahaja. "
        "Boleh pos Semenanjung.",
        "price": "RM 1,800",
        "animal": "otter",
        "photo": "foto: anak memerang dalam bakul",
    },
    {
        "platform": "WhatsApp",
        "colour": "#128c7e",
        "kind": "Group message (Malaysia)",
        "url": "https://chat.whatsapp.com/CONTOHtelur00penyu",
        "seller": "Pak Din (contoh)",
        "handle": "+60 12-000 0000",
        "where": "Kumpulan: Borong Hasil Laut Kuala Terengganu",
        "date": "11/05/2026 06:15",
        "text": "Telur penyu segar baru naik pagi ni. Ada 200 biji. Harga borong, minimum 20 biji. Ambil sendiri "
        "di pasar atau pos.",
        "price": "RM 15 sebiji",
        "animal": "eggs",
        "photo": "foto: telur penyu dalam besen",
    },
]


def font(size: float, bold: bool = False) -> QFont:
    f = QFont("DejaVu Sans")
    f.setPointSizeF(size)
    f.setBold(bold)
    return f


def draw_text(
    p: QPainter,
    rect: QRectF,
    text: str,
    size: float,
    bold=False,
    colour="#1c1e21",
    flags=Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
) -> QRectF:
    p.setFont(font(size, bold))
    p.setPen(QColor(colour))
    bound = p.boundingRect(rect, flags, text)
    p.drawText(rect, flags, text)
    return bound


def draw_animal(p: QPainter, box: QRectF, kind: str) -> None:
    """A simple, obviously drawn picture (no photograph) of the thing on offer."""
    p.save()
    p.setPen(QPen(QColor("#5a5a5a"), 3))
    c = box.center()
    if kind == "bird":
        p.setBrush(QColor("#f7f7f2"))
        p.drawEllipse(QPointF(c.x(), c.y() + 30), 90, 120)
        p.drawEllipse(QPointF(c.x(), c.y() - 110), 60, 60)
        p.setBrush(QColor("#f2c94c"))
        crest = QPainterPath(QPointF(c.x() - 10, c.y() - 165))
        crest.lineTo(c.x() + 20, c.y() - 240)
        crest.lineTo(c.x() + 35, c.y() - 160)
        p.drawPath(crest)
        p.setBrush(QColor("#333333"))
        p.drawEllipse(QPointF(c.x() + 20, c.y() - 115), 8, 8)
    elif kind == "scales":
        p.setBrush(QColor("#8a6d4b"))
        for i in range(18):
            x = box.left() + 120 + (i % 6) * 95
            y = box.top() + 90 + (i // 6) * 95
            p.drawEllipse(QPointF(x, y), 40, 32)
    elif kind == "loris":
        p.setBrush(QColor("#8f7a5a"))
        p.drawRect(QRectF(box.left() + 40, c.y() + 70, box.width() - 80, 22))
        for dx in (-150, 150):
            p.drawEllipse(QPointF(c.x() + dx, c.y()), 80, 70)
            p.setBrush(QColor("#f0e0b0"))
            p.drawEllipse(QPointF(c.x() + dx - 25, c.y() - 10), 22, 22)
            p.drawEllipse(QPointF(c.x() + dx + 25, c.y() - 10), 22, 22)
            p.setBrush(QColor("#8f7a5a"))
    elif kind == "otter":
        p.setBrush(QColor("#c9a66b"))
        p.drawEllipse(QRectF(c.x() - 210, c.y() - 40, 420, 130))
        p.setBrush(QColor("#7a5230"))
        p.drawEllipse(QPointF(c.x() - 60, c.y() - 10), 110, 60)
        p.drawEllipse(QPointF(c.x() + 60, c.y() - 60), 50, 45)
    else:  # eggs
        p.setBrush(QColor("#d9d9d9"))
        p.drawEllipse(QRectF(c.x() - 230, c.y() - 60, 460, 200))
        p.setBrush(QColor("#fbfbf5"))
        for i in range(14):
            p.drawEllipse(QPointF(c.x() - 160 + (i % 7) * 53, c.y() + 10 + (i // 7) * 55), 26, 26)
    p.restore()


def paint(advert: dict, number: int) -> QImage:
    image = QImage(W, H, QImage.Format.Format_RGB32)
    image.fill(QColor("#e9ebee"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    # a browser address bar, so the link can be copied into the form
    p.setBrush(QColor("#ffffff"))
    p.setPen(QPen(QColor("#b0b3b8"), 1))
    p.drawRoundedRect(QRectF(20, 16, W - 40, 40), 18, 18)
    draw_text(p, QRectF(40, 24, W - 80, 30), advert["url"], 10.5, colour="#3a3b3c")
    # the card
    card = QRectF(20, 72, W - 40, H - 150)
    p.setPen(QPen(QColor("#ccd0d5"), 1))
    p.drawRoundedRect(card, 10, 10)
    p.setBrush(QColor(advert["colour"]))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(card.left(), card.top(), card.width(), 52), 10, 10)
    p.drawRect(QRectF(card.left(), card.top() + 30, card.width(), 22))
    draw_text(
        p,
        QRectF(card.left() + 20, card.top() + 12, card.width() - 40, 30),
        f"{advert['platform']} · {advert['kind']} (mock-up)",
        14,
        True,
        "#ffffff",
    )
    top = card.top() + 72
    p.setBrush(QColor("#b9c3cf"))
    p.drawEllipse(QRectF(card.left() + 20, top, 56, 56))
    draw_text(
        p,
        QRectF(card.left() + 22, top + 14, 52, 30),
        advert["seller"][:1].upper(),
        18,
        True,
        "#ffffff",
        Qt.AlignmentFlag.AlignCenter,
    )
    draw_text(p, QRectF(card.left() + 90, top, card.width() - 110, 26), advert["seller"], 14, True)
    draw_text(
        p,
        QRectF(card.left() + 90, top + 26, card.width() - 110, 24),
        f"@{advert['handle'].lstrip('@')} · {advert['date']}",
        10.5,
        colour="#65676b",
    )
    draw_text(p, QRectF(card.left() + 90, top + 48, card.width() - 110, 24), advert["where"], 10.5, colour="#65676b")
    text_rect = QRectF(card.left() + 20, top + 90, card.width() - 40, 140)
    used = draw_text(p, text_rect, advert["text"], 13)
    price_top = used.bottom() + 14
    draw_text(p, QRectF(card.left() + 20, price_top, card.width() - 40, 34), advert["price"], 17, True, "#b3261e")
    photo = QRectF(card.left() + 20, price_top + 52, card.width() - 40, card.bottom() - price_top - 72)
    p.setBrush(QColor("#f5f6f7"))
    p.setPen(QPen(QColor("#dadde1"), 1))
    p.drawRect(photo)
    draw_animal(p, photo.adjusted(0, 30, 0, -30), advert["animal"])
    draw_text(
        p,
        QRectF(photo.left() + 12, photo.bottom() - 34, photo.width() - 24, 26),
        f"[{advert['photo']}]",
        10,
        colour="#65676b",
    )
    # the stamp: on the picture and at the foot, in words and colour
    p.save()
    p.translate(W / 2, H / 2 + 60)
    p.rotate(-24)
    p.setPen(QPen(QColor(179, 38, 30, 150), 6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(-330, -60, 660, 120), 14, 14)
    p.setFont(font(40, True))
    p.setPen(QColor(179, 38, 30, 170))
    p.drawText(QRectF(-330, -60, 660, 120), Qt.AlignmentFlag.AlignCenter, "TRAINING SAMPLE")
    p.restore()
    p.setBrush(QColor("#b3261e"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRect(QRectF(0, H - 66, W, 66))
    draw_text(
        p,
        QRectF(20, H - 60, W - 40, 56),
        f"TRAINING SAMPLE {number} of 5 — a fictional advert made for Pantau training courses. "
        "Not a real seller, group or link.",
        11,
        True,
        "#ffffff",
    )
    p.end()
    return image


def main() -> None:
    app = QApplication.instance() or QApplication([])
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(ROOT / "desktop" / "resources" / "fonts" / name))
    OUT.mkdir(parents=True, exist_ok=True)
    for number, advert in enumerate(ADVERTS, start=1):
        path = OUT / f"advert-{number}.png"
        paint(advert, number).save(str(path), "PNG", 9)
        print(path.relative_to(ROOT))
    (OUT / "README.txt").write_text(
        "Five fictional advert screenshots for the Pantau training exercise 'record five adverts'.\n"
        "Drawn by scripts/make_training_samples.py (run it again to remake them). Every name, group,\n"
        "link, phone number and price is made up; each image is stamped TRAINING SAMPLE.\n",
        encoding="utf-8",
    )
    del app


if __name__ == "__main__":
    main()
