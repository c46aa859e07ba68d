//! The words on a picture, in Chinese or in English.

use crate::board::Change;

use super::Language;

/// The words of one language.
pub(super) struct Labels {
    chinese: bool,
    pub(super) rank: &'static str,
    pub(super) place: &'static str,
    pub(super) score: &'static str,
    pub(super) gain: &'static str,
    pub(super) change: &'static str,
    pub(super) previous_rank: &'static str,
    pub(super) grade: &'static str,
    pub(super) tied: &'static str,
    pub(super) veto: &'static str,
    pub(super) no_ranked_place: &'static str,
    pub(super) new: &'static str,
}

const CHINESE: Labels = Labels {
    chinese: true,
    rank: "名次",
    place: "名称",
    score: "得分",
    gain: "提升",
    change: "变化",
    previous_rank: "上期名次",
    grade: "等级",
    tied: "并列",
    veto: "一票否决",
    no_ranked_place: "本期无排名",
    new: "新",
};

const ENGLISH: Labels = Labels {
    chinese: false,
    rank: "Rank",
    place: "Place",
    score: "Score",
    gain: "Gain",
    change: "Change",
    previous_rank: "Previous",
    grade: "Grade",
    tied: "tied",
    veto: "vetoed",
    no_ranked_place: "no ranked place",
    new: "new",
};

impl Labels {
    pub(super) fn of(language: Language) -> &'static Labels {
        match language {
            Language::Chinese => &CHINESE,
            Language::English => &ENGLISH,
        }
    }

    /// The period line under the title: `统计期 2018年11月，对比 2018年10月`.
    pub(super) fn period_line(
        &self,
        period: &crate::period::Period,
        compared_with: Option<&crate::period::Period>,
    ) -> String {
        if self.chinese {
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

    /// The footer: how many places were ranked, and how many could not be.
    pub(super) fn counts(&self, ranked: usize, unranked: usize) -> String {
        match (self.chinese, unranked) {
            (true, 0) => format!("共 {ranked} 个参评对象"),
            (true, _) => format!("共 {ranked} 个参评对象，{unranked} 个未排名"),
            (false, 0) => format!("{ranked} places ranked"),
            (false, _) => format!("{ranked} places ranked, {unranked} unranked"),
        }
    }

    /// The rows a long board leaves off: `另有 12 名未列出`.
    pub(super) fn more(&self, count: usize) -> String {
        if self.chinese {
            format!("另有 {count} 名未列出")
        } else {
            format!("{count} more not shown")
        }
    }

    /// A change since the previous period: `↑2`, `↓1`, `-`, `新`.
    pub(super) fn change_text(&self, change: Change) -> String {
        match change {
            Change::New => self.new.to_owned(),
            other => other.to_string(),
        }
    }
}
