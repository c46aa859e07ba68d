//! An explanation as text (in the explanation's language: Chinese by default, English under
//! `lang = "en"`), JSON, or CSV (its records, one row each); JSON and CSV keep their English
//! keys and words in every language.

use std::io::{self, Write};

use rust_decimal::Decimal;

use super::AnalysisFormat;
use super::labels::Labels;
use crate::analysis::explain::Explanation;
use crate::lang::Language;

impl Explanation {
    /// Writes the explanation to `out` in `format`: text (the score tree, the change, the
    /// places passed, the records), JSON (everything), or CSV (the records).
    pub fn render<W: Write + ?Sized>(&self, format: AnalysisFormat, out: &mut W) -> io::Result<()> {
        match format {
            AnalysisFormat::Table => text(self, out),
            AnalysisFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, self)?;
                writeln!(out)
            }
            AnalysisFormat::Csv => records_csv(self, out),
        }
    }

    /// The explanation in `format`, as a string.
    pub fn to_string_as(&self, format: AnalysisFormat) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every renderer writes UTF-8.
        let _ = self.render(format, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

fn optional(value: Option<Decimal>) -> String {
    value.map_or_else(|| "-".to_owned(), |value| value.normalize().to_string())
}

fn signed(value: Decimal) -> String {
    let value = value.normalize();
    if value.is_sign_negative() && !value.is_zero() {
        value.to_string()
    } else {
        format!("+{value}")
    }
}

/// The streak behind an adjustment or a veto, with the periods that made it: `    连续3期末位：
/// 2018年9月、2018年10月、2018年11月`, what an audit traces the points to.
fn streak_run(labels: &Labels, run: &crate::board::StreakRun) -> String {
    let flag = labels.streak(run.list, run.periods.len());
    let periods: Vec<String> = run
        .periods
        .iter()
        .map(|period| labels.period(period))
        .collect();
    if labels.language == Language::Chinese {
        format!("    {flag}：{}", periods.join("、"))
    } else {
        format!("    {flag}: {}", periods.join(", "))
    }
}

/// The words of an explanation's text in one language. The English are the words the text
/// had before it spoke Chinese, so that `--lang en` reads exactly as it always has.
struct Words {
    /// `芙蓉江路（R03）：第 1 名（并列），得分 100，等级 A`: opening, rank, tied, score, grade.
    rank: fn(&str, &str, &str, bool, &str, Option<&str>) -> String,
    dimension: fn(&str, &str, &str, &str) -> String,
    indicator: fn(&str, &str, &str, &str, &str) -> String,
    bonus: &'static str,
    deduction: &'static str,
    adjustment: fn(&str, &str, &str, &str) -> String,
    effects: [&'static str; 3],
    veto: fn(&str, &str, &str) -> String,
    unranked: fn(&str, &str, &str) -> String,
    unranked_value: fn(&str, &str) -> String,
    not_on_board: fn(&str) -> String,
    change: fn(&str, &str, Option<&str>, &str) -> String,
    indicator_change: fn(&str, [&str; 4], [&str; 3]) -> String,
    change_rest: fn(&str, &str) -> String,
    mover: fn(&str, &str, &str) -> String,
    list_separator: &'static str,
    overtaken_by: &'static str,
    overtook: &'static str,
    records: fn(usize) -> String,
    record: fn(&str, &str, &str, &str, &str, &str) -> String,
}

const ENGLISH: Words = Words {
    rank: |place, id, rank, tied, score, grade| {
        let tied = if tied { " (tied)" } else { "" };
        let grade = grade
            .map(|grade| format!(", grade {grade}"))
            .unwrap_or_default();
        format!("{place} ({id}): rank {rank}{tied}, score {score}{grade}")
    },
    dimension: |dimension, score, weight, contribution| {
        format!(
            "  dimension {dimension}: score {score}, weight {weight}, contribution {contribution}"
        )
    },
    indicator: |indicator, value, normalized, weight, contribution| {
        format!(
            "  {indicator}: value {value}, normalized {normalized}, weight {weight}, contribution {contribution}"
        )
    },
    bonus: "bonus",
    deduction: "deduction",
    adjustment: |kind, adjustment, units, points| {
        format!("  {kind} {adjustment}: {units} units, {points} points")
    },
    effects: ["unranked", "last", "demoted"],
    veto: |veto, effect, reason| format!("  veto {veto} ({effect}): {reason}"),
    unranked: |place, id, reason| format!("{place} ({id}): unranked, {reason}"),
    unranked_value: |indicator, value| format!("  {indicator}: value {value}"),
    not_on_board: |place| format!("{place}: not on the board"),
    change: |period, score, rank, total| {
        let rank = rank
            .map(|rank| format!(", rank then {rank}"))
            .unwrap_or_default();
        format!("change since {period}: score then {score}{rank}; unrounded score {total}")
    },
    indicator_change: |indicator,
                       [value_then, value_now, normalized_then, normalized_now],
                       [own, rescaling, weighting]| {
        format!(
            "  {indicator}: value {value_then} -> {value_now}, normalized {normalized_then} -> {normalized_now}; own {own}, rescaling {rescaling}, weighting {weighting}"
        )
    },
    change_rest: |adjustments, bounds| {
        format!("  adjustments {adjustments}, floor and ceiling {bounds}")
    },
    mover: |place, then, now| format!("{place} ({then} -> {now})"),
    list_separator: ", ",
    overtaken_by: "overtaken by: ",
    overtook: "overtook: ",
    records: |count| format!("records counted ({count}):"),
    record: |indicator, at, id, time, counted, placed_by| {
        let id = if id.is_empty() {
            String::new()
        } else {
            format!(" id {id}")
        };
        format!("  {indicator} {at}{id} {time} {counted} (placed by \"{placed_by}\")")
    },
};

const CHINESE: Words = Words {
    rank: |place, id, rank, tied, score, grade| {
        let tied = if tied { "（并列）" } else { "" };
        let grade = grade
            .map(|grade| format!("，等级 {grade}"))
            .unwrap_or_default();
        format!("{place}（{id}）：第 {rank} 名{tied}，得分 {score}{grade}")
    },
    dimension: |dimension, score, weight, contribution| {
        format!("  维度 {dimension}：得分 {score}，权重 {weight}，贡献 {contribution}")
    },
    indicator: |indicator, value, normalized, weight, contribution| {
        format!(
            "  {indicator}：原始值 {value}，标准化值 {normalized}，权重 {weight}，贡献 {contribution}"
        )
    },
    bonus: "加分",
    deduction: "扣分",
    adjustment: |kind, adjustment, units, points| {
        format!("  {kind} {adjustment}：{units} 个计分单位，{points} 分")
    },
    effects: ["不参与排名", "排在末位", "降档"],
    veto: |veto, effect, reason| format!("  一票否决 {veto}（{effect}）：{reason}"),
    unranked: |place, id, reason| format!("{place}（{id}）：未排名，{reason}"),
    unranked_value: |indicator, value| format!("  {indicator}：原始值 {value}"),
    not_on_board: |place| format!("{place}：不在本排行榜上"),
    change: |period, score, rank, total| {
        let rank = rank
            .map(|rank| format!("，上期名次 {rank}"))
            .unwrap_or_default();
        format!("对比 {period}：上期得分 {score}{rank}；未舍入得分变化 {total}")
    },
    indicator_change: |indicator,
                       [value_then, value_now, normalized_then, normalized_now],
                       [own, rescaling, weighting]| {
        format!(
            "  {indicator}：原始值 {value_then} -> {value_now}，标准化值 {normalized_then} -> {normalized_now}；自身变化 {own}，标尺变化 {rescaling}，权重变化 {weighting}"
        )
    },
    change_rest: |adjustments, bounds| format!("  加减分 {adjustments}，上下限 {bounds}"),
    mover: |place, then, now| format!("{place}（{then} -> {now}）"),
    list_separator: "，",
    overtaken_by: "被超过：",
    overtook: "超过：",
    records: |count| format!("计入记录（{count} 条）："),
    record: |indicator, at, id, time, counted, placed_by| {
        let id = if id.is_empty() {
            String::new()
        } else {
            format!(" 编号 {id}")
        };
        format!("  {indicator} {at}{id} {time} {counted}（定位依据“{placed_by}”）")
    },
};

impl Words {
    fn of(language: Language) -> &'static Words {
        match language {
            Language::Chinese => &CHINESE,
            Language::English => &ENGLISH,
        }
    }
}

/// How a record counted, in Chinese. The analysis writes it in English, in the few forms
/// [`CountedRecord::counted`](crate::analysis::explain::CountedRecord::counted) lists; a form
/// not listed here stays as written.
fn counted_in_chinese(counted: &str) -> String {
    let words = match counted {
        "counted" => "计入",
        "in part" => "部分计入",
        "not in part" => "不计入",
        "no value" => "无数值",
        "on time" => "按时办结",
        "overdue" => "超时",
        _ => {
            return if let Some(value) = counted.strip_prefix("value ") {
                format!("数值 {value}")
            } else if let Some(credit) = counted.strip_prefix("credit ") {
                format!("得分 {credit}")
            } else {
                counted.to_owned()
            };
        }
    };
    words.to_owned()
}

fn text<W: Write + ?Sized>(explanation: &Explanation, out: &mut W) -> io::Result<()> {
    let language = explanation.language;
    let words = Words::of(language);
    let labels = Labels::of(language);
    // An indicator or dimension as a reader knows it: its display name, else its id.
    let shown = |id: &str| -> String {
        explanation
            .display_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    };
    writeln!(
        out,
        "{} [{}] {}",
        explanation.title,
        explanation.board,
        labels.period(&explanation.period)
    )?;
    match (&explanation.entry, &explanation.unranked) {
        (Some(entry), _) => {
            writeln!(
                out,
                "{}",
                (words.rank)(
                    &explanation.place,
                    &explanation.place_id,
                    &entry.rank.to_string(),
                    entry.tied,
                    &entry.score.to_string(),
                    entry.grade.as_deref()
                )
            )?;
            for dimension in &entry.dimensions {
                writeln!(
                    out,
                    "{}",
                    (words.dimension)(
                        &shown(&dimension.dimension),
                        &optional(dimension.score),
                        &optional(dimension.weight),
                        &optional(dimension.contribution)
                    )
                )?;
            }
            for indicator in &entry.indicators {
                writeln!(
                    out,
                    "{}",
                    (words.indicator)(
                        &shown(&indicator.indicator),
                        &optional(indicator.value),
                        &optional(indicator.normalized),
                        &optional(indicator.weight),
                        &optional(indicator.contribution)
                    )
                )?;
            }
            for adjustment in &entry.adjustments {
                let kind = match adjustment.kind {
                    crate::score::AdjustmentKind::Bonus => words.bonus,
                    crate::score::AdjustmentKind::Deduct => words.deduction,
                };
                writeln!(
                    out,
                    "{}",
                    (words.adjustment)(
                        kind,
                        &adjustment.adjustment,
                        &adjustment.units.normalize().to_string(),
                        &signed(adjustment.points)
                    )
                )?;
                if let Some(run) = &adjustment.streak {
                    writeln!(out, "{}", streak_run(labels, run))?;
                }
            }
            for veto in &entry.vetoes {
                let [unranked, last, demoted] = words.effects;
                let effect = match veto.effect {
                    crate::score::VetoEffect::Unranked => unranked,
                    crate::score::VetoEffect::Last => last,
                    crate::score::VetoEffect::Demote => demoted,
                };
                writeln!(out, "{}", (words.veto)(&veto.veto, effect, &veto.reason))?;
                if let Some(run) = &veto.streak {
                    writeln!(out, "{}", streak_run(labels, run))?;
                }
            }
        }
        (None, Some(unranked)) => {
            writeln!(
                out,
                "{}",
                (words.unranked)(
                    &explanation.place,
                    &explanation.place_id,
                    &labels.unranked_reason(&unranked.reason)
                )
            )?;
            for indicator in &unranked.indicators {
                writeln!(
                    out,
                    "{}",
                    (words.unranked_value)(
                        &shown(&indicator.indicator),
                        &optional(indicator.value)
                    )
                )?;
            }
        }
        (None, None) => writeln!(out, "{}", (words.not_on_board)(&explanation.place))?,
    }
    if let Some(change) = &explanation.change {
        writeln!(
            out,
            "{}",
            (words.change)(
                &labels.period(&change.previous_period),
                &change.previous_score.to_string(),
                change.previous_rank.map(|rank| rank.to_string()).as_deref(),
                &signed(change.total)
            )
        )?;
        for indicator in &change.indicators {
            writeln!(
                out,
                "{}",
                (words.indicator_change)(
                    &shown(&indicator.indicator),
                    [
                        &optional(indicator.value_then),
                        &optional(indicator.value_now),
                        &optional(indicator.normalized_then),
                        &optional(indicator.normalized_now),
                    ],
                    [
                        &signed(indicator.own),
                        &signed(indicator.rescaling),
                        &signed(indicator.weighting),
                    ]
                )
            )?;
        }
        writeln!(
            out,
            "{}",
            (words.change_rest)(&signed(change.adjustments), &signed(change.bounds))
        )?;
    }
    let movers = |movers: &[crate::analysis::explain::Mover]| -> String {
        movers
            .iter()
            .map(|mover| {
                (words.mover)(
                    &mover.place,
                    &mover.previous_rank.to_string(),
                    &mover.rank.to_string(),
                )
            })
            .collect::<Vec<_>>()
            .join(words.list_separator)
    };
    if !explanation.overtaken_by.is_empty() {
        writeln!(
            out,
            "{}{}",
            words.overtaken_by,
            movers(&explanation.overtaken_by)
        )?;
    }
    if !explanation.overtook.is_empty() {
        writeln!(out, "{}{}", words.overtook, movers(&explanation.overtook))?;
    }
    writeln!(out, "{}", (words.records)(explanation.records.len()))?;
    for record in &explanation.records {
        let counted = match language {
            Language::Chinese => counted_in_chinese(&record.counted),
            Language::English => record.counted.clone(),
        };
        writeln!(
            out,
            "{}",
            (words.record)(
                &shown(&record.indicator),
                &record.at,
                &record.id,
                record.time.as_deref().unwrap_or("-"),
                &counted,
                &record.placed_by
            )
        )?;
    }
    Ok(())
}

/// `indicator,source,at,id,time,counted,placed_by`, one row per record.
fn records_csv<W: Write + ?Sized>(explanation: &Explanation, out: &mut W) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record([
        "indicator",
        "source",
        "at",
        "id",
        "time",
        "counted",
        "placed_by",
    ])?;
    for record in &explanation.records {
        writer.write_record([
            record.indicator.as_str(),
            &record.source,
            &record.at,
            &record.id,
            record.time.as_deref().unwrap_or(""),
            &record.counted,
            &record.placed_by,
        ])?;
    }
    writer.flush()
}
