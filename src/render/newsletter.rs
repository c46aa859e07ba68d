//! The newsletter layout, exactly that of the published board (`seed-board.md`):
//!
//! ```text
//! 2018年11月 宜居指数排行榜
//!
//! 靓丽道路排行榜(根据网格中心数据汇总分析)
//!
//! - 1.芙蓉江路
//! - 2.新华路
//! ```
//!
//! Tied entries end in `(并列)`, then a grade follows after a space (`- 1.芙蓉江路 优秀`) and
//! a veto that put the place last its mark, `(一票否决)`. A board with a worst list prints
//! it after the best, under its own heading and a blank line (`安全小区排行榜(后3名)`), worst
//! first. A board's streak flags (`streak`) follow, a line per list after a blank line
//! (`连续3期末位：天光路、天平路`), in the rankings' language. A board without ranked places
//! shows its title line only.

use std::io::{self, Write};

use crate::board::{Entry, Rankings};
use crate::score::VetoEffect;

pub(super) fn render<W: Write + ?Sized>(rankings: &Rankings, out: &mut W) -> io::Result<()> {
    let labels = super::labels::Labels::of(rankings.language);
    writeln!(out, "{}", super::headline(rankings))?;
    for board in &rankings.boards {
        writeln!(out)?;
        writeln!(out, "{}", super::title_line(board))?;
        writeln!(out)?;
        for entry in board.listed() {
            writeln!(out, "{}", line(entry))?;
        }
        if let Some(title) = board.worst_title() {
            writeln!(out)?;
            writeln!(out, "{title}")?;
            writeln!(out)?;
            for entry in board.worst() {
                writeln!(out, "{}", line(entry))?;
            }
        }
        let streaks = labels.streak_lines(board);
        if !streaks.is_empty() {
            writeln!(out)?;
            for streak in streaks {
                writeln!(out, "{streak}")?;
            }
        }
    }
    Ok(())
}

/// `- 1.纺大小区(并列)`, with the grade and the veto mark when there are.
fn line(entry: &Entry) -> String {
    let tie = if entry.tied { "(并列)" } else { "" };
    let veto = if entry
        .vetoes
        .iter()
        .any(|hit| hit.effect == VetoEffect::Last)
    {
        "(一票否决)"
    } else {
        ""
    };
    let grade = entry
        .grade
        .as_ref()
        .map(|grade| format!(" {grade}"))
        .unwrap_or_default();
    format!("- {}.{}{tie}{veto}{grade}", entry.rank, entry.place)
}
