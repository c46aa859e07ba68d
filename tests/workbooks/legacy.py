"""Writes the Tianshan sanitation inspections (fixtures/tianshan/sanitation.csv) as the two
workbook formats rust_xlsxwriter cannot write, for tests/it/spreadsheets.rs: an Excel 97-2003
workbook (sanitation.xls, with xlwt) and an OpenDocument one (sanitation.ods, with odfpy).
Dates are date cells, scores number cells, the rest text. Run once; the outputs are committed:

    pip install xlwt odfpy && python3 tests/workbooks/legacy.py
"""
import csv
import datetime
import os

import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..")
with open(os.path.join(root, "fixtures", "tianshan", "sanitation.csv"), encoding="utf-8") as f:
    rows = list(csv.reader(f))


def typed(column, text):
    if column == 1 and text:
        return datetime.datetime.strptime(text, "%Y-%m-%d").date()
    if column == 3 and text:
        return float(text)
    return text


book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("检查")
date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
for r, row in enumerate(rows):
    for c, text in enumerate(row):
        value = text if r == 0 else typed(c, text)
        if isinstance(value, datetime.date):
            sheet.write(r, c, value, date_style)
        elif value != "":
            sheet.write(r, c, value)
book.save(os.path.join(here, "sanitation.xls"))

document = OpenDocumentSpreadsheet()
table = Table(name="检查")
for r, row in enumerate(rows):
    tr = TableRow()
    for c, text in enumerate(row):
        value = text if r == 0 else typed(c, text)
        if isinstance(value, datetime.date):
            cell = TableCell(valuetype="date", datevalue=value.isoformat())
            cell.addElement(P(text=value.isoformat()))
        elif isinstance(value, float):
            cell = TableCell(valuetype="float", value=value)
            cell.addElement(P(text=text))
        else:
            cell = TableCell(valuetype="string")
            if value:
                cell.addElement(P(text=value))
        tr.addElement(cell)
    table.addElement(tr)
document.spreadsheet.addElement(table)
document.save(os.path.join(here, "sanitation.ods"))

