import io
import re
import zipfile

from clearhouse.spreadsheets import xlsx_table


def _sheet(content):
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        names = book.namelist()
        workbook = book.read("xl/workbook.xml").decode()
        strings = (
            book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
        )
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    return workbook, re.findall(r"<t[^>]*>([^<]*)</t>", strings), sheet


def test_header_and_rows_in_one_named_sheet():
    content = xlsx_table(
        "Orders by Status of a very long report name",
        ["State", "Count"],
        [["Sales Order", 2], ["Quotation", 1]],
        column_width=18,
    )
    workbook, strings, sheet = _sheet(content)
    assert 'name="Orders by Status of a very long"' in workbook  # Excel's 31 characters
    assert strings == ["State", "Count", "Sales Order", "Quotation"]
    assert sheet.count("<row ") == 3
    assert "<v>2</v>" in sheet and "<v>1</v>" in sheet
    assert "<cols>" in sheet


def test_no_rows_keeps_the_header():
    _workbook, strings, sheet = _sheet(xlsx_table("Lettershop", ["code"], []))
    assert strings == ["code"]
    assert sheet.count("<row ") == 1
    assert "<cols>" not in sheet
