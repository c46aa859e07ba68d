//! What an export is, by its header: the places, a `table` source, or a raw source of one
//! kind. Headers are matched as when reading (trim, NFKC, the Chinese headers each column
//! accepts), so whatever is recognized here reads without a column mapping.

use crate::places::{self, PlaceKind};
use crate::read::csv::Column;
use crate::read::header::Header;
use crate::source::SourceKind;
use crate::source::kinds;
use crate::source::table;

/// What a file was recognized as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Role {
    /// The places (`places.csv`): id, kind and name columns, or a list with kind and name
    /// columns and no id (each place's id is then its name).
    Places,
    /// An office's list of places of one kind (小区名录, 道路一览): a name column (`小区名称`,
    /// `道路名称`, or `名称` in a file named a 名录 or 一览 of roads or neighborhoods) and no
    /// time column.
    PlaceList(PlaceKind),
    /// A source of this kind.
    Source(SourceKind),
}

/// The role `header` shows, or why it shows none. `stem` is the file's name without its
/// extension, which decides between raw kinds when the header alone cannot.
pub(crate) fn recognize(header: &Header, stem: &str) -> Result<Role, String> {
    // Two cells matching one column still show it: the spec then maps one (see `mappings`).
    let has = |column: &Column| !matches!(header.find(column, None), Ok(None));
    if [places::ID, places::KIND, places::NAME].iter().all(has) {
        return Ok(Role::Places);
    }
    // A list with a 类型 column and no 编号 says each place's kind: read as places, each
    // place's id its name.
    if [places::KIND, places::NAME].iter().all(has) && !has(&kinds::TIME) {
        return Ok(Role::Places);
    }
    if [table::PERIOD, table::PLACE, table::INDICATOR, table::VALUE]
        .iter()
        .all(has)
    {
        return Ok(Role::Source(SourceKind::Table));
    }
    let stem = crate::name::normalize(stem).to_lowercase();
    if !has(&kinds::TIME) {
        let list = ["名录", "一览", "清单", "名单"]
            .iter()
            .any(|word| stem.contains(word));
        if header.find_name("小区名称").is_some()
            || (list && header.find_name("名称").is_some() && stem.contains("小区"))
        {
            return Ok(Role::PlaceList(PlaceKind::Neighborhood));
        }
        if header.find_name("道路名称").is_some()
            || (list && header.find_name("名称").is_some() && stem.contains("路"))
        {
            return Ok(Role::PlaceList(PlaceKind::Road));
        }
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

/// The columns of `kind` that `header` holds twice or more (a hotline's 来电时间 and 派单时间
/// both times): each mapped to the first of its cells by the column's order of headers (its
/// canonical name, then its headers, the one that dates or names the record first), so that
/// the spec reads without an ambiguous column. (canonical name, the header as written.)
pub(crate) fn mappings(header: &Header, kind: SourceKind) -> Vec<(String, String)> {
    let mut mapped = Vec::new();
    for column in kind.columns() {
        if !matches!(
            header.find(&column, None),
            Err(crate::error::ErrorKind::AmbiguousColumn { .. })
        ) {
            continue;
        }
        let first = std::iter::once(column.name)
            .chain(column.headers.iter().copied())
            .find_map(|name| {
                (0..header.len()).find(|&index| {
                    let key = crate::name::normalize(header.cell(index));
                    key.eq_ignore_ascii_case(name)
                })
            });
        if let Some(index) = first {
            mapped.push((column.name.to_owned(), header.cell(index).to_owned()));
        }
    }
    mapped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_times_of_one_export_map_the_one_that_dates_the_record() {
        let header = Header::new("工单号,派单时间,来电时间,办结时间,详细地址".split(','));
        assert_eq!(
            mappings(&header, SourceKind::Hotline),
            [("time".to_owned(), "来电时间".to_owned())]
        );
        let header = Header::new("警情号,发案时间,接报时间".split(','));
        assert_eq!(
            mappings(&header, SourceKind::Police),
            [("time".to_owned(), "接报时间".to_owned())]
        );
        let header = Header::new("案件号,上报时间,小区名称".split(','));
        assert!(mappings(&header, SourceKind::Grid).is_empty());
    }

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
        assert_eq!(
            role("序号,小区名称,居委会,户数", "x"),
            Ok(Role::PlaceList(PlaceKind::Neighborhood))
        );
        assert_eq!(
            role("序号,名称,别名,长度（米）", "天山路街道道路一览"),
            Ok(Role::PlaceList(PlaceKind::Road))
        );
        assert_eq!(role("序号,类型,名称,别名", "地名一览"), Ok(Role::Places));
        assert_eq!(
            role("序号,道路名称,别名,长度（米）", "x"),
            Ok(Role::PlaceList(PlaceKind::Road))
        );
        assert_eq!(
            role("编号,小区名称,户数", "x"),
            Ok(Role::PlaceList(PlaceKind::Neighborhood))
        );
        assert_eq!(
            role("序号,名称,别名", "小区名录"),
            Ok(Role::PlaceList(PlaceKind::Neighborhood))
        );
        // A sanitation export names its neighborhoods by 小区名称 too, and has a time.
        assert_eq!(
            role("序号,检查日期,小区名称,检查得分", "x"),
            Ok(Role::Source(SourceKind::Sanitation))
        );
        assert_eq!(
            role("工单号,来电时间,派单时间,诉求类型,所属小区", "x"),
            Ok(Role::Source(SourceKind::Hotline))
        );
        assert_eq!(
            role("案件号,上报时间,立案时间,小类,道路名称", "x"),
            Ok(Role::Source(SourceKind::Grid))
        );
        assert_eq!(
            role("警情号,接报时间,发案时间,案发地点", "派出所警情"),
            Ok(Role::Source(SourceKind::Police))
        );
        assert!(
            role("a,b", "grid")
                .unwrap_err()
                .starts_with("no time column")
        );
    }
}
