"""A receipt as a one-page PDF, drawn with ReportLab from the same context as the HTML page.

The PDF is built `invariant` (no creation time or random id) and uncompressed: the same receipt
always gives the same bytes, and its text can be searched, which is what insurers' upload forms
and the tests read.
"""

from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from stillwaters.display import phone

from . import documents
from .models import Receipt

INK = colors.HexColor("#0d4f55")
RULE = colors.HexColor("#b8c4c6")
VOID_RED = colors.HexColor("#b00020")
# DejaVu Sans, shipped beside this module, covers accented Latin, Greek and Cyrillic names that
# PDF's built-in Helvetica cannot draw.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD, OBLIQUE = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"


@cache
def _register_fonts() -> None:
    for name in (REGULAR, BOLD, OBLIQUE):
        pdfmetrics.registerFont(TTFont(name, FONT_DIR / f"{name}.ttf"))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=OBLIQUE, boldItalic=BOLD
    )


def receipt_pdf(receipt: Receipt) -> bytes:
    _register_fonts()
    context = documents.receipt_context(receipt)
    styles = _styles()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        topMargin=0.8 * inch,
        bottomMargin=0.8 * inch,
        title=f"{context['title']} {receipt.number}",
        author=receipt.practice_name,
        invariant=1,
        pageCompression=0,
    )
    story = [
        Paragraph(_text(receipt.practice_name), styles["practice"]),
        Paragraph(_text(receipt.practice_address), styles["small"]),
        Paragraph(
            _text(f"{phone(context['practice']['phone'])} · {context['practice']['email']}"),
            styles["small"],
        ),
        Spacer(1, 0.25 * inch),
    ]
    if context["void"]:
        story.append(Paragraph(_text(context["void"]), styles["void"]))
    story += [
        Paragraph(_text(f"{context['title']} no. {receipt.number}"), styles["title"]),
        Paragraph(_text(f"Issued {context['issued']}"), styles["body"]),
    ]
    if context["replaces"]:
        story.append(
            Paragraph(
                _text(f"Replaces receipt {context['replaces']}, which is void."), styles["body"]
            )
        )
    story += [Spacer(1, 0.2 * inch), _table(_detail_rows(receipt, context), styles)]
    if context["not_massage_therapy"]:
        story += [
            Spacer(1, 0.15 * inch),
            Paragraph(_text(context["not_massage_therapy"]), styles["notice"]),
        ]
    story += [
        Spacer(1, 0.2 * inch),
        _table(_amount_rows(receipt, context), styles, total_last=True),
        Spacer(1, 0.5 * inch),
        Paragraph(_text(receipt.signature), styles["signature"]),
        Paragraph(_text(_signed_by(receipt)), styles["small"]),
    ]
    document.build(story, **({"onFirstPage": _void_mark} if context["void"] else {}))
    return buffer.getvalue()


def receipt_filename(receipt: Receipt) -> str:
    return f"stillwaters-receipt-{receipt.number}.pdf"


def _detail_rows(receipt: Receipt, context: dict) -> list[tuple[str, str]]:
    rows = [
        ("Client", receipt.client_name),
        ("Service", f"{receipt.service_name}, {receipt.minutes} minutes"),
        ("Date of service", f"{context['visit_date']} at {context['visit_time']}"),
    ]
    if receipt.is_massage_therapy:
        rows += [
            ("Registered Massage Therapist", receipt.therapist_name),
            ("CMTO registration no.", receipt.registration_number),
        ]
    else:
        rows.append(("Provided by", receipt.therapist_name))
    rows.append(("Payment", context["payment_method"]))
    return rows


def _amount_rows(receipt: Receipt, context: dict) -> list[tuple[str, str]]:
    rows = [("Fee", context["fee"])]
    if context["hst"]:
        rows.append((f"HST (registration no. {receipt.hst_number})", context["hst"]))
    if context["travel_fee"]:
        rows.append((context["travel_fee_label"], context["travel_fee"]))
    if context["travel_fee_hst"]:
        rows.append(("HST on the travel fee", context["travel_fee_hst"]))
    rows.append(("Total paid", context["total"]))
    return rows


def _signed_by(receipt: Receipt) -> str:
    if receipt.is_massage_therapy:
        return f"{receipt.therapist_name}, RMT, CMTO registration no. {receipt.registration_number}"
    return receipt.therapist_name


def _table(rows: list[tuple[str, str]], styles: dict, *, total_last: bool = False) -> Table:
    data = [
        [Paragraph(_text(label), styles["label"]), Paragraph(_text(value), styles["body"])]
        for label, value in rows
    ]
    table = Table(data, colWidths=[3.1 * inch, 3.6 * inch], hAlign="LEFT")
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if total_last:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.2, INK))
    table.setStyle(TableStyle(commands))
    return table


def _styles() -> dict:
    sample = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=sample["BodyText"], fontName=REGULAR, fontSize=10.5, leading=14
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12),
        "label": ParagraphStyle("label", parent=body, fontName=BOLD),
        "practice": ParagraphStyle("practice", parent=body, fontName=BOLD, fontSize=16, leading=20),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=13, leading=17),
        "notice": ParagraphStyle(
            "notice",
            parent=body,
            fontName=BOLD,
            borderColor=INK,
            borderWidth=0.8,
            borderPadding=6,
        ),  # fmt: skip
        "void": ParagraphStyle(
            "void",
            parent=body,
            fontName=BOLD,
            fontSize=14,
            leading=18,
            textColor=VOID_RED,
        ),  # fmt: skip
        "signature": ParagraphStyle(
            "signature", parent=body, fontName=OBLIQUE, fontSize=14, leading=18
        ),
    }


def _text(value: str) -> str:
    # Paragraphs read a little markup; names typed by people are text, never tags.
    return escape(value)


def _void_mark(canvas, document) -> None:
    canvas.saveState()
    canvas.setFillColor(VOID_RED, alpha=0.15)
    canvas.setFont(BOLD, 120)
    canvas.translate(LETTER[0] / 2, LETTER[1] / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -40, "VOID")
    canvas.restoreState()
