//! What an export is, by its header: the places, a `table` source, or a raw source of one
//! kind. Headers are matched as when reading (trim, NFKC, the Chinese headers each column
//! accepts), so whatever is recognized here reads without a column mapping.

use crate::places;
use crate::read::csv::Column;
use crate::read::header::Header;
use crate::source::SourceKind;
use crate::source::kinds;
use crate::source::table;

/// What a file was recognized as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The places (`places.csv`): id, kind and name columns.
    Places,
    /// A source of this kind.
    Source(SourceKind),
}

/// The role `header` shows, or why it shows none. `stem` is the file's name without its
/// extension, which decides between raw kinds when the header alone cannot.
pub(crate) fn recognize(header: &Header, stem: &str) -> Result<Role, String> {
    let has = |column: &Column| matches!(header.find(column, None), Ok(Some(_)));
    if [places::ID, places::KIND, places::NAME].iter().all(has) {
        return Ok(Role::Places);
    }
    if [table::PERIOD, table::PLACE, table::INDICATOR, table::VALUE]
        .iter()
        .all(has)
    {
        return Ok(Role::Source(SourceKind::Table));
    }
    if !has(&kinds::TIME) {
        return Err(format!(
            "no time column ({}) and no places or table header",
            crate::read::header::looked_for(&kinds::TIME, None)
        ));
    }
    // A kind's own columns first: a score is an inspection's, a type or satisfaction a
    // hotline ticket's, a subcategory, status or closing time a grid case's.
    if has(&kinds::SCORE) {
        return Ok(Role::Source(SourceKind::Sanitation));
    }
    if [
        kinds::TYPE,
        kinds::RESOLVED,
        kinds::SATISFIED,
        kinds::HOTLINE_CLOSED,
    ]
    .iter()
    .any(has)
    {
        return Ok(Role::Source(SourceKind::Hotline));
    }
    if [kinds::SUBCATEGORY, kinds::STATUS, kinds::GRID_CLOSED]
        .iter()
        .any(has)
    {
        return Ok(Role::Source(SourceKind::Grid));
    }
    // Then the headers each system names its ids and categories by.
    for (written, kind) in [
        ("警情编号", SourceKind::Police),
        ("警情类别", SourceKind::Police),
        ("案件编号", SourceKind::Grid),
        ("工单编号", SourceKind::Hotline),
        ("诉求分类", SourceKind::Hotline),
        ("检查编号", SourceKind::Sanitation),
    ] {
        if header.find_name(written).is_some() {
            return Ok(Role::Source(kind));
        }
    }
    // Last, the file's name.
    let stem = crate::name::normalize(stem).to_lowercase();
    for (words, kind) in [
        (&["police", "警情", "派出所", "110"][..], SourceKind::Police),
        (
            &["hotline", "12345", "热线", "工单"][..],
            SourceKind::Hotline,
        ),
        (
            &["sanitation", "卫生", "环卫", "检查"][..],
            SourceKind::Sanitation,
        ),
        (&["grid", "网格", "案件"][..], SourceKind::Grid),
    ] {
        if words.iter().any(|word| stem.contains(word)) {
            return Ok(Role::Source(kind));
        }
    }
    Err("a time column, but no column or name that tells which kind of records (grid, hotline, police, sanitation)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(header: &str, stem: &str) -> Result<Role, String> {
        recognize(&Header::new(header.split(',')), stem)
    }

    #[test]
    fn kinds_are_told_by_their_headers_then_their_names() {
        assert_eq!(role("编号,类型,名称,别名", "x"), Ok(Role::Places));
        assert_eq!(
            role("period,place,indicator,value", "x"),
            Ok(Role::Source(SourceKind::Table))
        );
        assert_eq!(
            role("检查编号,检查时间,小区,得分", "x"),
            Ok(Role::Source(SourceKind::Sanitation))
        );
        assert_eq!(
            role("工单编号,受理时间,诉求类型", "x"),
            Ok(Role::Source(SourceKind::Hotline))
        );
        assert_eq!(
            role("案件编号,上报时间,小类", "x"),
            Ok(Role::Source(SourceKind::Grid))
        );
        assert_eq!(
            role("警情编号,发生时间,警情类别", "x"),
            Ok(Role::Source(SourceKind::Police))
        );
        assert_eq!(
            role("id,time,category", "派出所11月"),
            Ok(Role::Source(SourceKind::Police))
        );
        assert!(role("id,time,category", "export").is_err());
        assert!(
            role("a,b", "grid")
                .unwrap_err()
                .starts_with("no time column")
        );
    }
}
