//! The words of every output people read, one table per language: the table, Markdown, the
//! workbook, the report page and the pictures take their headers, headings and phrases from
//! here, so that a board reads the same in each. CSV and JSON keep their stable English keys
//! and take nothing from here.
//!
//! The English table is the words the outputs had before they spoke Chinese: `--lang en`
//! keeps a script or a reader used to them working.

// Each format takes the words it shows: a build without the workbook, the page or the
// pictures leaves theirs unread.
#![cfg_attr(
    not(all(feature = "xlsx", feature = "html", feature = "picture")),
    allow(
        dead_code,
        reason = "the workbook's, the page's and the pictures' words are read with their features"
    )
)]

use crate::board::{Board, Change, StreakList, UnrankedReason};
use crate::lang::Language;
use crate::places::PlaceKind;
use crate::quality::{SourceCoverage, Uncounted};

/// The words of one language.
pub(crate) struct Labels {
    pub(crate) language: Language,
    /// A board's columns: 名次, 名称, 得分, 并列, 变化, 上期名次.
    pub(crate) rank: &'static str,
    pub(crate) place: &'static str,
    pub(crate) score: &'static str,
    pub(crate) tied: &'static str,
    pub(crate) change: &'static str,
    pub(crate) previous_rank: &'static str,
    /// The previous rank as a picture's narrow column heads it.
    pub(crate) previous: &'static str,
    /// An improvement board's columns: the score improved from, and the gain.
    pub(crate) then: &'static str,
    pub(crate) gain: &'static str,
    pub(crate) grade: &'static str,
    pub(crate) vetoes: &'static str,
    /// The adjustments' points together (a column), and their share on a contributions bar.
    pub(crate) adjustment: &'static str,
    pub(crate) adjustments: &'static str,
    /// A vetoed place's tag.
    pub(crate) veto: &'static str,
    pub(crate) no_ranked_place: &'static str,
    /// A place new since the previous period.
    pub(crate) new: &'static str,
    /// An indicator's columns in the workbook: its value, normalized value and contribution.
    pub(crate) value: &'static str,
    pub(crate) normalized: &'static str,
    pub(crate) contribution: &'static str,
    pub(crate) contributions: &'static str,
    pub(crate) unranked: &'static str,
    pub(crate) coverage: &'static str,
    pub(crate) data_quality: &'static str,
    pub(crate) uncounted_records: &'static str,
    pub(crate) warnings: &'static str,
    pub(crate) rejected_rows: &'static str,
    pub(crate) rank_range: &'static str,
    pub(crate) rank_range_note: &'static str,
    /// The columns of the data-quality sheet, one per count of a source.
    pub(crate) quality_columns: [&'static str; 15],
    /// The columns of the coverage table: board, kind, source, selected, counted, coverage,
    /// minimum.
    pub(crate) coverage_columns: [&'static str; 7],
    /// The columns of the uncounted records' sheet.
    pub(crate) uncounted_columns: [&'static str; 10],
    /// Whether the counts of a source add up: yes, no.
    pub(crate) add_up: [&'static str; 2],
    /// The column of a score's change in points since the previous period (`points_change`).
    pub(crate) points: &'static str,
    /// A history (`--history N`): its heading's word, the sheet of ranks by period, its
    /// place-id column, its two streak columns, the word between its first and last period,
    /// and the note under the page's charts.
    pub(crate) history: &'static str,
    pub(crate) ranks_by_period: &'static str,
    pub(crate) place_id: &'static str,
    pub(crate) listed_in_a_row: &'static str,
    pub(crate) worst_in_a_row: &'static str,
    pub(crate) to: &'static str,
    pub(crate) trend_note: &'static str,
}

const CHINESE: Labels = Labels {
    language: Language::Chinese,
    rank: "名次",
    place: "名称",
    score: "得分",
    tied: "并列",
    change: "变化",
    previous_rank: "上期名次",
    previous: "上期名次",
    then: "原得分",
    gain: "提升",
    grade: "等级",
    vetoes: "否决事项",
    adjustment: "加减分",
    adjustments: "加减分",
    veto: "一票否决",
    no_ranked_place: "本期无排名",
    new: "新",
    value: "数值",
    normalized: "标准化值",
    contribution: "贡献",
    contributions: "各指标贡献",
    unranked: "未排名",
    coverage: "覆盖率",
    data_quality: "数据质量",
    uncounted_records: "未计入记录",
    warnings: "警告",
    rejected_rows: "被拒绝的行",
    rank_range: "名次区间",
    rank_range_note: "名次区间：稳健性分析下的最好与最差名次。",
    quality_columns: [
        "数据源",
        "类型",
        "文件",
        "读取记录数",
        "采用记录数",
        "不在统计期",
        "上一统计期",
        "未定位",
        "有歧义",
        "重复",
        "被拒绝",
        "无编号",
        "被排除",
        "数目相符",
        "未匹配名称",
    ],
    coverage_columns: [
        "排行榜",
        "类型",
        "数据源",
        "选取记录数",
        "计入记录数",
        "覆盖率 %",
        "最低覆盖率 %",
    ],
    uncounted_columns: [
        "数据源",
        "文件",
        "行号",
        "编号",
        "类型",
        "文字",
        "原因",
        "排行榜",
        "记录数",
        "处理办法",
    ],
    add_up: ["是", "否"],
    points: "得分变化",
    history: "历期名次",
    ranks_by_period: "历期名次",
    place_id: "编号",
    listed_in_a_row: "连续上榜期数",
    worst_in_a_row: "连续末位期数",
    to: "至",
    trend_note: "每处一图，第1名在上；",
};

const ENGLISH: Labels = Labels {
    language: Language::English,
    rank: "rank",
    place: "place",
    score: "score",
    tied: "tied",
    change: "change",
    previous_rank: "previous_rank",
    previous: "previous",
    then: "then",
    gain: "gain",
    grade: "grade",
    vetoes: "vetoes",
    adjustment: "adjustment",
    adjustments: "adjustments",
    veto: "vetoed",
    no_ranked_place: "no ranked place",
    new: "new",
    value: "value",
    normalized: "normalized",
    contribution: "contribution",
    contributions: "contributions",
    unranked: "unranked",
    coverage: "coverage",
    data_quality: "data quality",
    uncounted_records: "uncounted records",
    warnings: "warnings",
    rejected_rows: "rejected rows",
    rank_range: "rank range",
    rank_range_note: "rank range: the best and the worst rank under the robustness analysis.",
    quality_columns: [
        "source",
        "kind",
        "file",
        "read",
        "used",
        "out of period",
        "previous period",
        "unplaced",
        "ambiguous",
        "repeated",
        "rejected",
        "without id",
        "excluded",
        "counts add up",
        "unplaced names",
    ],
    coverage_columns: [
        "board",
        "kind",
        "source",
        "selected",
        "counted",
        "coverage %",
        "min %",
    ],
    uncounted_columns: [
        "source",
        "file",
        "line or row",
        "id",
        "kind",
        "text",
        "reason",
        "boards",
        "records",
        "fix",
    ],
    add_up: ["yes", "NO"],
    points: "points",
    history: "history",
    ranks_by_period: "ranks by period",
    place_id: "place_id",
    listed_in_a_row: "listed in a row",
    worst_in_a_row: "worst in a row",
    to: "to",
    trend_note: "a chart per place, rank 1 at the top; ",
};

impl Labels {
    /// The words of `language`.
    pub(crate) fn of(language: Language) -> &'static Labels {
        match language {
            Language::Chinese => &CHINESE,
            Language::English => &ENGLISH,
        }
    }

    fn chinese(&self) -> bool {
        self.language == Language::Chinese
    }

    /// A word as a heading: English capitalized (`Rank`), Chinese as it is.
    pub(crate) fn heading(&self, word: &str) -> String {
        let mut characters = word.chars();
        match characters.next() {
            Some(first) if !self.chinese() => first.to_uppercase().chain(characters).collect(),
            _ => word.to_owned(),
        }
    }

    /// A period as a reader sees it: `2018年11月`, or `2018-11`.
    pub(crate) fn period(&self, period: &crate::period::Period) -> String {
        if self.chinese() {
            period.chinese()
        } else {
            period.to_string()
        }
    }

    /// A kind of places: 道路, 小区, 街道 …; road, neighborhood, street ….
    pub(crate) fn kind(&self, kind: PlaceKind) -> &'static str {
        if self.chinese() {
            kind.chinese()
        } else {
            kind.as_str()
        }
    }

    /// The heading of the coverage per group (of boards ranked inside groups).
    pub(crate) fn group_coverage(&self) -> &'static str {
        match self.chinese() {
            true => "分组覆盖：各分组的参评对象中有记录的个数及其记录数",
            false => {
                "coverage per group: of each group's places, those records reached, and the records placed on them"
            }
        }
    }

    /// The columns of the coverage per group: board, group, places, reached, without
    /// records, records.
    pub(crate) fn group_coverage_columns(&self) -> [&'static str; 6] {
        match self.chinese() {
            true => ["排行榜", "分组", "参评对象", "有记录", "无记录", "记录数"],
            false => [
                "board",
                "group",
                "places",
                "reached",
                "without records",
                "records",
            ],
        }
    }

    /// Why a record was not counted, in words.
    pub(crate) fn uncounted(&self, reason: Uncounted) -> &'static str {
        if !self.chinese() {
            return reason.label();
        }
        match reason {
            Uncounted::UnknownName => "名称不识别",
            Uncounted::Unplaced => "未定位",
            Uncounted::Ambiguous => "有歧义",
            Uncounted::UnrankedPlace => "所在对象未排名",
            Uncounted::Repeated => "重复记录",
            Uncounted::Malformed => "格式错误的行",
        }
    }

    /// The line under a board's title in the table: `[beautiful-roads: road 2018-11, change
    /// since 2018-10]`, `[beautiful-roads：道路 2018年11月，对比 2018年10月]`, without brackets.
    pub(crate) fn about(&self, board: &Board) -> String {
        let kind = self.kind(board.kind);
        let period = self.period(&board.period);
        match (self.chinese(), board.compared_with) {
            (true, Some(previous)) => format!(
                "{}：{kind} {period}，对比 {}",
                board.id,
                self.period(&previous)
            ),
            (true, None) => format!("{}：{kind} {period}", board.id),
            (false, Some(previous)) => {
                format!("{}: {kind} {period}, change since {previous}", board.id)
            }
            (false, None) => format!("{}: {kind} {period}", board.id),
        }
    }

    /// Why a place has no score, in words: `一票否决：发生重大安全事故`, `vetoed: …` (the
    /// English as it has always read, from the reason's `Display`).
    pub(crate) fn unranked_reason(&self, reason: &UnrankedReason) -> String {
        if !self.chinese() {
            return reason.to_string();
        }
        match reason {
            UnrankedReason::NoData => "无数据".to_owned(),
            UnrankedReason::MissingIndicator(id) => format!("缺少指标“{id}”的数值"),
            UnrankedReason::NoWeightedValue => "仅有权重为 0 的指标数值".to_owned(),
            UnrankedReason::Vetoed(reason) => format!("{}：{reason}", self.veto),
            UnrankedReason::NoEarlierScore => "新参评：无上期得分可比".to_owned(),
        }
    }

    /// The places without a score, after their heading: `未排名：某路（无数据）`.
    pub(crate) fn unranked_line(&self, places: &[String]) -> String {
        if self.chinese() {
            format!("{}：{}", self.unranked, places.join("，"))
        } else {
            format!("{}: {}", self.unranked, places.join(", "))
        }
    }

    /// A streak as a flag names it: `连续3期末位`, `3 periods running on the worst list`.
    pub(crate) fn streak(&self, list: StreakList, periods: usize) -> String {
        match (self.chinese(), list) {
            (true, StreakList::Listed) => format!("连续{periods}期上榜"),
            (true, StreakList::Worst) => format!("连续{periods}期末位"),
            (false, StreakList::Listed) => format!("{periods} periods running on the list"),
            (false, StreakList::Worst) => format!("{periods} periods running on the worst list"),
        }
    }

    /// The places a board's `streak` flags on `list`, in the board's order:
    /// `连续3期末位：天光路、天平路`, `3 periods running on the worst list: 天光路, 天平路`;
    /// `None` when it flags none.
    pub(crate) fn streak_line(&self, board: &Board, list: StreakList) -> Option<String> {
        let periods = usize::from(board.streak?);
        let names: Vec<&str> = board
            .streaks
            .iter()
            .filter(|streak| streak.list == list)
            .map(|streak| streak.place.as_str())
            .collect();
        if names.is_empty() {
            return None;
        }
        let flag = self.streak(list, periods);
        Some(if self.chinese() {
            format!("{flag}：{}", names.join("、"))
        } else {
            format!("{flag}: {}", names.join(", "))
        })
    }

    /// Every streak line of a board, the list's first (see [`Labels::streak_line`]).
    pub(crate) fn streak_lines(&self, board: &Board) -> Vec<String> {
        [StreakList::Listed, StreakList::Worst]
            .into_iter()
            .filter_map(|list| self.streak_line(board, list))
            .collect()
    }

    /// A place with a reason after it: `某路（无数据）`, `road (no data)`.
    pub(crate) fn with_reason(&self, place: &str, reason: &str) -> String {
        if self.chinese() {
            format!("{place}（{reason}）")
        } else {
            format!("{place} ({reason})")
        }
    }

    /// A board's coverage from one source, in words: `hotline: 32 of 42 selected records
    /// counted (76.1 %), below the minimum of 95 %; not counted: unknown name 3, unplaced 6`,
    /// `hotline：选取 42 条记录，计入 32 条（76.1 %），低于最低覆盖率 95 %；未计入：名称不识别 3`.
    pub(crate) fn coverage_line(&self, board: &Board, coverage: &SourceCoverage) -> String {
        let lost: Vec<String> = coverage
            .uncounted
            .iter()
            .filter(|&(_, count)| count > 0)
            .map(|(reason, count)| format!("{} {count}", self.uncounted(reason)))
            .collect();
        let below = coverage.is_below(board.min_coverage);
        if self.chinese() {
            let mut line = format!(
                "{}：选取 {} 条记录，计入 {} 条",
                coverage.source, coverage.selected, coverage.counted
            );
            if let Some(percent) = coverage.coverage {
                line.push_str(&format!("（{percent} %）"));
            }
            if below {
                line.push_str(&format!("，低于最低覆盖率 {} %", board.min_coverage));
            }
            if !lost.is_empty() {
                line.push_str(&format!("；未计入：{}", lost.join("，")));
            }
            return line;
        }
        let mut line = format!(
            "{}: {} of {} selected records counted",
            coverage.source, coverage.counted, coverage.selected
        );
        if let Some(percent) = coverage.coverage {
            line.push_str(&format!(" ({percent} %)"));
        }
        if below {
            line.push_str(&format!(", below the minimum of {} %", board.min_coverage));
        }
        if !lost.is_empty() {
            line.push_str(&format!("; not counted: {}", lost.join(", ")));
        }
        line
    }

    /// The period line under a picture's title: `统计期 2018年11月，对比 2018年10月`.
    pub(crate) fn period_line(
        &self,
        period: &crate::period::Period,
        compared_with: Option<&crate::period::Period>,
    ) -> String {
        if self.chinese() {
            match compared_with {
                Some(previous) => {
                    format!("统计期 {}，对比 {}", period.chinese(), previous.chinese())
                }
                None => format!("统计期 {}", period.chinese()),
            }
        } else {
            match compared_with {
                Some(previous) => format!("period {period}, compared with {previous}"),
                None => format!("period {period}"),
            }
        }
    }

    /// A picture's footer: how many places were ranked, and how many could not be.
    pub(crate) fn counts(&self, ranked: usize, unranked: usize) -> String {
        match (self.chinese(), unranked) {
            (true, 0) => format!("共 {ranked} 个参评对象"),
            (true, _) => format!("共 {ranked} 个参评对象，{unranked} 个未排名"),
            (false, 0) => format!("{ranked} places ranked"),
            (false, _) => format!("{ranked} places ranked, {unranked} unranked"),
        }
    }

    /// The rows a long picture leaves off: `另有 12 名未列出`.
    pub(crate) fn more(&self, count: usize) -> String {
        if self.chinese() {
            format!("另有 {count} 名未列出")
        } else {
            format!("{count} more not shown")
        }
    }

    /// A change since the previous period: `↑2`, `↓1`, `-`, `新` (`new`).
    pub(crate) fn change_text(&self, change: Change) -> String {
        match change {
            Change::New => self.new.to_owned(),
            other => other.to_string(),
        }
    }

    /// An entry's change, or empty when there is nothing to compare with.
    pub(crate) fn entry_change(&self, entry: &crate::board::Entry) -> String {
        entry
            .change
            .map(|change| self.change_text(change))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_headings_are_capitalized_and_chinese_as_they_are() {
        assert_eq!(Labels::of(Language::English).heading("rank"), "Rank");
        assert_eq!(Labels::of(Language::Chinese).heading("名次"), "名次");
    }

    #[test]
    fn every_unranked_reason_has_chinese_words_and_english_as_before() {
        let chinese = Labels::of(Language::Chinese);
        let english = Labels::of(Language::English);
        for reason in [
            UnrankedReason::NoData,
            UnrankedReason::MissingIndicator("hours".to_owned()),
            UnrankedReason::NoWeightedValue,
            UnrankedReason::Vetoed("重大事故".to_owned()),
            UnrankedReason::NoEarlierScore,
        ] {
            let words = chinese.unranked_reason(&reason);
            assert!(
                words
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                    && !words.contains("vetoed"),
                "{words}"
            );
            assert_eq!(english.unranked_reason(&reason), reason.to_string());
        }
        assert_eq!(
            chinese.unranked_reason(&UnrankedReason::Vetoed("重大事故".to_owned())),
            "一票否决：重大事故"
        );
    }

    #[test]
    fn every_reason_has_chinese_words() {
        let chinese = Labels::of(Language::Chinese);
        for reason in Uncounted::ALL {
            assert!(!chinese.uncounted(reason).is_ascii(), "{reason:?}");
        }
    }
}
