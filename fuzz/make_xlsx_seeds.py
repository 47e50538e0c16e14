#!/usr/bin/env python3
"""Writes the hand-made seeds of fuzz/corpus/xlsx (see fuzz/README.md). Run from the repository root."""
import zipfile

OUT = "fuzz/corpus/xlsx/"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

SHEET = f"""<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row>
<row r="3"><c r="A3" s="1"><v>42491</v></c><c r="B3" s="2"><v>60.25</v></c><c r="C3"><v>1.5E-3</v></c>
<c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#N/A</v></c><c r="F3" t="str"><f>A1</f><v>Mã số</v></c>
<c r="G3" t="inlineStr"><is><r><t xml:space="preserve">Đồng </t></r><r><t>Văn_x000D_</t></r></is></c></row>
<row><c><v>-12.50</v></c><c t="d"><v>2016-05-01T00:00:00</v></c></row>
</sheetData></worksheet>"""
SHARED = f"""<sst xmlns="{MAIN}" uniqueCount="3"><si><t>Mã số HTX</t></si>
<si><r><rPr><b/></rPr><t xml:space="preserve">Hợp tác xã </t></r><r><t>Đồng Văn</t></r></si>
<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si></sst>"""
STYLES = f"""<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/>
<numFmt numFmtId="165" formatCode="#,##0 &quot;đ&quot;"/></numFmts>
<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="22"/><xf numFmtId="165"/></cellXfs></styleSheet>"""
WORKBOOK = f"""<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="1"/>
<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>"""
RELS = f"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="{REL}/styles" Target="/xl/styles.xml"/></Relationships>"""

# Parts mode (input not starting with "PK"): sheet, shared strings, styles, workbook, NUL-separated.
with open(OUT + "parts-all-types", "wb") as f:
    f.write("\0".join([SHEET, SHARED, STYLES, WORKBOOK]).encode())
with open(OUT + "parts-sheet-only", "wb") as f:
    f.write(f"""<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row><x:c t="inlineStr"><x:is>
<x:t>có tiền tố</x:t></x:is></x:c><x:c r="XFD1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>""".encode())

# File mode: a whole workbook, stored (not deflated) so that mutations reach the XML.
with zipfile.ZipFile(OUT + "stored.xlsx", "w", zipfile.ZIP_STORED) as z:
    z.writestr("xl/workbook.xml", WORKBOOK)
    z.writestr("xl/_rels/workbook.xml.rels", RELS)
    z.writestr("xl/worksheets/sheet1.xml", SHEET)
    z.writestr("xl/sharedStrings.xml", SHARED)
    z.writestr("xl/styles.xml", STYLES)
