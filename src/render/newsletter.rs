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
//! Tied entries end in `(并列)`. A board without ranked places shows its title line only.

use std::io::{self, Write};

use crate::board::Rankings;

pub(super) fn render<W: Write + ?Sized>(rankings: &Rankings, out: &mut W) -> io::Result<()> {
    writeln!(out, "{}", super::headline(rankings))?;
    for board in &rankings.boards {
        writeln!(out)?;
        writeln!(out, "{}", super::title_line(board))?;
        writeln!(out)?;
        for entry in board.listed() {
            let tie = if entry.tied { "(并列)" } else { "" };
            writeln!(out, "- {}.{}{tie}", entry.rank, entry.place)?;
        }
    }
    Ok(())
}
