"""XLSX tables: one way for every export to write a sheet with a bold header row."""

import io

import xlsxwriter


def xlsx_table(title, header, rows, column_width=None):
    """One worksheet ``title`` (cut to Excel's 31 characters): ``header`` in bold, then
    ``rows``; the workbook's bytes."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(title[:31])
    sheet.write_row(0, 0, header, workbook.add_format({"bold": True}))
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    if column_width and header:
        sheet.set_column(0, len(header) - 1, column_width)
    workbook.close()
    return buffer.getvalue()
