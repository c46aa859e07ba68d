//! The 通报 as a Word document: a minimal WordprocessingML package written by hand (the parts
//! Word and LibreOffice need, and nothing else), in the layout of a government bulletin (公文):
//! A4, a title in 小标宋 二号, headings in 黑体 三号, text in 仿宋 三号 at a fixed 28-point line,
//! tables in 宋体 五号 with merged headers, the page number in the footer (`— 1 —`).
//!
//! The bytes are the same for the same bulletin: the entries are sorted by name and dated
//! 1980-01-01 00:00 (the zip format's earliest date), and the document properties carry no
//! time, author or application version.

use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::facts::Table;
use crate::render::xml::escape;

/// A block of the document, its text filled in.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Part {
    Title(String),
    Heading(String),
    Subheading(String),
    Body(String),
    Right(String),
    Left(String),
    Table(TableParts),
}

/// A board's table as the document shows it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TableParts {
    pub(super) indicators: Vec<String>,
    pub(super) rows: Vec<Vec<String>>,
}

impl From<&Table> for TableParts {
    fn from(table: &Table) -> TableParts {
        TableParts {
            indicators: table.indicators.clone(),
            rows: table.rows.clone(),
        }
    }
}

/// Writes the package of `parts`, titled `title`, to `out`.
pub(super) fn write<W: Write + ?Sized>(parts: &[Part], title: &str, out: &mut W) -> io::Result<()> {
    let mut entries: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELS.to_owned()),
        ("docProps/app.xml", APP.to_owned()),
        ("docProps/core.xml", core(title)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/document.xml", document(parts)),
        ("word/footer1.xml", FOOTER.to_owned()),
        ("word/styles.xml", STYLES.to_owned()),
    ];
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    for (name, text) in entries {
        zip.start_file(name, options).map_err(io::Error::other)?;
        zip.write_all(text.as_bytes())?;
    }
    let bytes = zip.finish().map_err(io::Error::other)?.into_inner();
    out.write_all(&bytes)
}

/// `word/document.xml`.
pub(super) fn document(parts: &[Part]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\n\
         <w:body>\n",
    );
    for part in parts {
        match part {
            Part::Title(text) => paragraph(&mut xml, "Title", text),
            Part::Heading(text) => paragraph(&mut xml, "Heading1", text),
            Part::Subheading(text) => paragraph(&mut xml, "Heading2", text),
            Part::Body(text) => paragraph(&mut xml, "BodyText", text),
            Part::Right(text) => paragraph(&mut xml, "Signature", text),
            Part::Left(text) => paragraph(&mut xml, "Addressee", text),
            Part::Table(table) => {
                write_table(&mut xml, table);
                // Word wants a paragraph between a table and what follows (and before the
                // section's end): an empty one, which also spaces the table from the text.
                xml.push_str("<w:p><w:pPr><w:pStyle w:val=\"TableGap\"/></w:pPr></w:p>\n");
            }
        }
    }
    xml.push_str(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId2\"/>\
         <w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" \
         w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>\n\
         </w:body>\n</w:document>\n",
    );
    xml
}

fn paragraph(xml: &mut String, style: &str, text: &str) {
    xml.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>\n",
        escape(text)
    ));
}

/// The width of the text between the margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 11906 - 1588 - 1474;
/// 名次, 名称, 得分 before the indicators; 与平均分差, 上期名次, 变化 after them.
const LEADING: [(&str, u32); 3] = [("名次", 1150), ("名称", 1650), ("得分", 800)];
const TRAILING: [(&str, u32); 3] = [("与平均分差", 1100), ("上期名次", 900), ("变化", 800)];

fn write_table(xml: &mut String, table: &TableParts) {
    let fixed: u32 = LEADING
        .iter()
        .chain(&TRAILING)
        .map(|(_, width)| width)
        .sum();
    let count = table.indicators.len().max(1) as u32;
    let indicator_width = (TEXT_WIDTH.saturating_sub(fixed) / count).max(600);
    let mut widths: Vec<u32> = LEADING.iter().map(|(_, width)| *width).collect();
    widths.extend(table.indicators.iter().map(|_| indicator_width));
    widths.extend(TRAILING.iter().map(|(_, width)| *width));
    xml.push_str(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"BoardTable\"/><w:tblW w:w=\"0\" w:type=\"auto\"/>\
         <w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr>\n<w:tblGrid>",
    );
    for width in &widths {
        xml.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    xml.push_str("</w:tblGrid>\n");
    // Two header rows: the merged 指标 over the indicators, the other headers merged down.
    let indicators = table.indicators.len();
    xml.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for (name, width) in LEADING {
        cell(xml, width, name, "<w:vMerge w:val=\"restart\"/>", true);
    }
    if indicators > 0 {
        let span = indicator_width * indicators as u32;
        let merge = format!("<w:gridSpan w:val=\"{indicators}\"/>");
        cell(xml, span, "指标", &merge, true);
    }
    for (name, width) in TRAILING {
        cell(xml, width, name, "<w:vMerge w:val=\"restart\"/>", true);
    }
    xml.push_str("</w:tr>\n<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for (_, width) in LEADING {
        cell(xml, width, "", "<w:vMerge/>", true);
    }
    for name in &table.indicators {
        cell(xml, indicator_width, name, "", true);
    }
    for (_, width) in TRAILING {
        cell(xml, width, "", "<w:vMerge/>", true);
    }
    xml.push_str("</w:tr>\n");
    for row in &table.rows {
        xml.push_str("<w:tr>");
        for (text, width) in row.iter().zip(&widths) {
            cell(xml, *width, text, "", false);
        }
        xml.push_str("</w:tr>\n");
    }
    xml.push_str("</w:tbl>\n");
}

fn cell(xml: &mut String, width: u32, text: &str, merge: &str, header: bool) {
    let style = if header { "TableHeader" } else { "TableText" };
    xml.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{merge}<w:vAlign w:val=\"center\"/></w:tcPr>\
         <w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"
    ));
    if !text.is_empty() {
        xml.push_str(&format!(
            "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            escape(text)
        ));
    }
    xml.push_str("</w:p></w:tc>");
}

fn core(title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">1980-01-01T00:00:00Z</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">1980-01-01T00:00:00Z</dcterms:modified>\
         </cp:coreProperties>\n",
        escape(title)
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>\n";

const PACKAGE_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>\n";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>\
</Relationships>\n";

/// The footer: the page number as 公文 print it, `— 1 —`, centered, in 宋体 四号.
const FOOTER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:p><w:pPr><w:jc w:val=\"center\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">— </w:t></w:r>\
<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"/></w:r>\
<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"separate\"/></w:r>\
<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:t>1</w:t></w:r>\
<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"end\"/></w:r>\
<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\"> —</w:t></w:r>\
</w:p></w:ftr>\n";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>livability</Application></Properties>\n";

/// The styles: 公文 fonts and sizes (二号 22 pt, 三号 16 pt, 五号 10.5 pt), with the fonts
/// found on Chinese Windows first and widely installed ones after (LibreOffice substitutes
/// Noto CJK on Linux).
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"仿宋\" w:cs=\"Times New Roman\"/>\
<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"560\" w:lineRule=\"exact\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:jc w:val=\"center\"/><w:spacing w:before=\"0\" w:after=\"560\" w:line=\"700\" w:lineRule=\"exact\"/></w:pPr>\
<w:rPr><w:rFonts w:eastAsia=\"方正小标宋简体\"/><w:b/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"0\"/></w:pPr>\
<w:rPr><w:rFonts w:eastAsia=\"黑体\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"1\"/></w:pPr>\
<w:rPr><w:rFonts w:eastAsia=\"楷体\"/><w:b/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"BodyText\"><w:name w:val=\"Body Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Signature\"><w:name w:val=\"Signature\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:jc w:val=\"right\"/><w:ind w:right=\"640\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Addressee\"><w:name w:val=\"Salutation\"/><w:basedOn w:val=\"Normal\"/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TableGap\"><w:name w:val=\"Table Gap\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:spacing w:line=\"280\" w:lineRule=\"exact\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:jc w:val=\"center\"/><w:spacing w:line=\"300\" w:lineRule=\"exact\"/></w:pPr>\
<w:rPr><w:rFonts w:eastAsia=\"宋体\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TableHeader\"><w:name w:val=\"Table Header\"/><w:basedOn w:val=\"TableText\"/>\
<w:rPr><w:rFonts w:eastAsia=\"黑体\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"BoardTable\"><w:name w:val=\"Board Table\"/><w:basedOn w:val=\"TableNormal\"/>\
<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tblBorders>\
<w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"80\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
</w:styles>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_merges_its_headers() {
        let xml = document(&[Part::Table(TableParts {
            indicators: vec!["a".into(), "b".into()],
            rows: vec![vec!["1".into(); 8]],
        })]);
        assert_eq!(xml.matches("<w:gridSpan w:val=\"2\"/>").count(), 1);
        assert_eq!(xml.matches("<w:vMerge w:val=\"restart\"/>").count(), 6);
        assert_eq!(xml.matches("<w:vMerge/>").count(), 6);
        assert_eq!(xml.matches("<w:gridCol ").count(), 8);
    }

    #[test]
    fn the_same_parts_make_the_same_bytes() {
        let parts = [Part::Title("通报".into()), Part::Body("正文".into())];
        let (mut one, mut two) = (Vec::new(), Vec::new());
        write(&parts, "通报", &mut one).unwrap();
        write(&parts, "通报", &mut two).unwrap();
        assert_eq!(one, two);
        assert!(one.starts_with(b"PK"));
    }
}
