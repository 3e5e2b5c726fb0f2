"""Evidence documents generated on the fly for tests/test_documents*.py and
bench/documents_ingest.py (no binaries in the repo): a multi-page PDF statement (fpdf2), a Word
memo (python-docx), an email forwarding a colleague's message (stdlib email), a scanned letter
(text rendered to an image with Pillow and wrapped as a PDF with no text layer), a corrupt PDF and
a restricted informant note, plus the staff export and mapping of the force they name."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from tests.exports import write_export

STAFF = """payroll,collar,forename,surname,station,rank,email,login
300001,5101,Tom,Fielding,Northtown,PC,tom.fielding@testshire.police.uk,fieldingt
300002,5102,Grace,Lowe,Southtown,DS,grace.lowe@testshire.police.uk,loweg
300003,5103,Ken,Finch,Northtown,Sgt,ken.finch@testshire.police.uk,finchk
300004,5104,Dana,Marsh,Eastgate,PC,dana.marsh@testshire.police.uk,marshd
"""
MAPPING = """
name: docshire
force: docshire
namespace: ds
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields:
      name: {template: "{forename} {surname}"}
      given_name: forename
      family_name: surname
      unit: station
      rank: rank
    identifiers: {payroll: payroll, collar: collar, email: email, login: login}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields:
      reference: ref
      received_date: received
      category: category
      complainant: complainant
      narrative: account
    people:
      - {role: subject, scheme: collar, value: officer_collar}
"""
# The witness of the statement is also a complainant: her name is masked in documents too.
COMPLAINTS = """ref,received,category,officer_collar,complainant,account
DS-1,2024-03-04,Incivility,5101,Helen Carter,The complainant says she was spoken to rudely at the front counter.
"""
STATEMENT_PAGES = [
    "WITNESS STATEMENT\nStatement of Helen Carter, aged over 18, taken at Northtown on 3 March "
    "2024. This statement, consisting of three pages, is true to the best of my knowledge.",
    "On the night of 1 March 2024 I was standing at the bus stop opposite the Crown and Anchor. "
    "At 23:40 I saw PC Tom Fielding take a brown envelope from the driver of a silver van. "
    "He put the envelope inside his body armour and walked away towards the market.",
    "I did not see any other officer that evening. I am willing to attend court if required. "
    "Signed: Helen Carter.",
]
MEMO = ("Custody review memo. DS Grace Lowe reviewed the custody record for detainee 44 on "
        "12 April 2024. The two o'clock cell check was never carried out by Sgt Ken Finch, "
        "although the log shows it as completed.")
FORWARDED = ("Please see below, forwarded for the overtime review.\n\n"
             "---------- Forwarded message ---------\n"
             "From: tom.fielding@testshire.police.uk\n"
             "Subject: overtime\n\n"
             "I claimed overtime for the whole Rovers match on 14 March although I left at half "
             "time. Nobody checks the sheets anyway.")
SCAN = ["Letter from a member of the public.",
        "The patrol car LX19 ABC was parked",
        "outside the Golden Palace casino",
        "for three hours on Sunday afternoon."]
INFORMANT = ("Informant reports that PC Tom Fielding warns the Zanzibar nightclub before "
             "licensing raids in exchange for cash.")
# (question, file, page, words the quote must contain): answerable from that document only
QUESTIONS = [
    ("What did the witness see PC Fielding take from the driver of the silver van?",
     "statements/witness_statement.pdf", 2, "brown envelope"),
    ("What does the memo say about the cell check for detainee 44?",
     "memos/custody_memo.docx", 1, "detainee 44"),
    ("What does the email say about overtime for the Rovers match?",
     "mail/forwarded.eml", 1, "Rovers match"),
    ("Where was the patrol car LX19 ABC parked?", "scans/scanned_letter.pdf", 1, "casino"),
]


def statement_pdf(path: Path, pages: list[str] = STATEMENT_PAGES) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Witness statement of Helen Carter")
    pdf.set_author("Northtown PSD")
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))


def memo_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Custody review memo"
    document.core_properties.author = "DS Grace Lowe"
    document.add_heading("Custody review", level=1)
    document.add_paragraph(MEMO)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def forwarded_eml(path: Path) -> None:
    message = EmailMessage()
    message["From"] = "Grace Lowe <grace.lowe@testshire.police.uk>"
    message["To"] = "psd@testshire.police.uk"
    message["Subject"] = "Fwd: overtime"
    message["Date"] = "Fri, 15 Mar 2024 09:12:00 +0000"
    message.set_content(FORWARDED)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(message))


def scan_image(lines: list[str] = SCAN):  # -> PIL.Image.Image
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=40)
    image = Image.new("L", (1700, 120 + 70 * len(lines)), color=255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((80, 60 + 70 * i), line, fill=0, font=font)
    return image


def scanned_pdf(path: Path, pages: int = 1) -> None:
    """An image-only PDF (what a scanner writes): no text layer at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    images = [scan_image() for _ in range(pages)]
    images[0].save(str(path), "PDF", resolution=150, save_all=True, append_images=images[1:])


def evidence_folder(root: Path) -> Path:
    """The test folder of issue #18's acceptance test; returns the documents' folder."""
    docs = root / "documents"
    statement_pdf(docs / "statements" / "witness_statement.pdf")
    memo_docx(docs / "memos" / "custody_memo.docx")
    forwarded_eml(docs / "mail" / "forwarded.eml")
    scanned_pdf(docs / "scans" / "scanned_letter.pdf")
    (docs / "broken").mkdir(parents=True)
    (docs / "broken" / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<\n garbage, not a PDF")
    (docs / "restricted").mkdir(parents=True)
    (docs / "restricted" / "informant_note.txt").write_text(INFORMANT, encoding="utf-8")
    return docs


def staff_folder(root: Path) -> tuple[Path, Path]:
    """(staff source dir, mapping file) of the force the documents name."""
    mapping, staff = write_export(root, {"staff.csv": STAFF, "complaints.csv": COMPLAINTS},
                                  MAPPING, source="staff", mapping_file="docshire.yaml")
    return staff, Path(mapping)
