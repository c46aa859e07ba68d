//! Properties of a place hierarchy, shared by the district's streets (`district.rs`) and a
//! declared 片区 level (`kinds.rs`): roll-ups through three levels (a random tree of top
//! places, their communities and the communities' neighborhoods, records naming a place of any
//! level or none, each place's count its children's plus the records naming it alone), and
//! what a board ranked inside groups is compared by.

use proptest::prelude::*;

use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Board, Decimal, Options, Ranker, Record, Spec};

/// How many places the top level has.
pub(crate) const TOPS: usize = 3;

/// The top level of a tree: a built-in kind (street) or one the spec declares (area).
pub(crate) struct Top {
    /// Spec text before the sources (a `[kinds.…]` declaration, or nothing).
    pub(crate) declaration: &'static str,
    /// The top board's line naming its places (`kind = "片区"`, `unit = "street"`).
    pub(crate) board: &'static str,
    /// The kind, found in the spec.
    pub(crate) kind: fn(&Spec) -> PlaceKind,
    /// Its places' ids and names start with these (`S`, `街`).
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    /// The record column naming a top place.
    pub(crate) column: &'static str,
}

/// A district drawn at random: per community its top place, per neighborhood its community,
/// and records naming a neighborhood (0), a community (1), a top place (2) or nothing (3).
#[derive(Clone, Debug)]
pub(crate) struct Tree {
    communities: Vec<usize>,
    neighborhoods: Vec<usize>,
    records: Vec<(u8, usize)>,
}

pub(crate) fn tree() -> impl Strategy<Value = Tree> {
    (1usize..=5, 1usize..=8).prop_flat_map(|(communities, neighborhoods)| {
        (
            prop::collection::vec(0..TOPS, communities),
            prop::collection::vec(0..communities, neighborhoods),
            prop::collection::vec((0u8..=3, 0usize..64), 0..40),
        )
            .prop_map(|(communities, neighborhoods, records)| Tree {
                communities,
                neighborhoods,
                records,
            })
    })
}

impl Tree {
    /// Each level's record counts (neighborhoods, communities, top places), from one run with
    /// a board per level; the run's sources reconcile.
    fn counts(&self, top: &Top) -> [Vec<Decimal>; 3] {
        let board = |id: &str, names: &str| {
            format!(
                "[[boards]]\nid = \"{id}\"\n{names}\n\
                 [[boards.indicators]]\nid = \"records\"\nsource = \"h\"\nmeasure = \"count\"\nbetter = \"lower\"\nnormalize = \"none\"\nweight = 1\n"
            )
        };
        let text = format!(
            "period = \"2024-11\"\n{}[sources.h]\nkind = \"hotline\"\n{}{}{}",
            top.declaration,
            board("n", "kind = \"neighborhood\""),
            board("c", "kind = \"community\""),
            board("t", top.board),
        );
        let spec = Spec::from_toml_str(&text, "tree.toml").unwrap();
        let kind = (top.kind)(&spec);
        let tops = (0..TOPS)
            .map(|t| Place::new(format!("{}{t}", top.id), kind, format!("{}{t}", top.name)));
        let communities = self.communities.iter().enumerate().map(|(c, t)| {
            Place::new(format!("C{c}"), PlaceKind::Community, format!("社{c}"))
                .with_parent(format!("{}{t}", top.id))
        });
        let neighborhoods = self.neighborhoods.iter().enumerate().map(|(n, c)| {
            Place::new(format!("N{n}"), PlaceKind::Neighborhood, format!("村{n}"))
                .with_parent(format!("C{c}"))
        });
        let gazetteer = Gazetteer::new(tops.chain(communities).chain(neighborhoods)).unwrap();
        let mut ranker = Ranker::new(&spec, &gazetteer, &Options::new().every_place(true)).unwrap();
        for (number, &(level, which)) in self.records.iter().enumerate() {
            let record = Record::new()
                .with("id", format!("T{number}"))
                .with("time", "2024-11-05 10:00");
            let record = match level {
                0 => record.with(
                    "neighborhood",
                    format!("村{}", which % self.neighborhoods.len()),
                ),
                1 => record.with("community", format!("社{}", which % self.communities.len())),
                2 => record.with(top.column, format!("{}{}", top.name, which % TOPS)),
                _ => record.with("address", "别处"),
            };
            ranker.add_record("h", &record).unwrap();
        }
        let rankings = ranker.finish().unwrap();
        assert!(rankings.quality.sources.iter().all(|s| s.reconciles()));
        let count = |board: usize, id: &str| -> Decimal {
            (rankings.boards[board].entries.iter())
                .find(|entry| entry.place_id == id)
                .and_then(|entry| entry.indicators[0].value)
                .unwrap_or(Decimal::ZERO)
        };
        [
            (0..self.neighborhoods.len())
                .map(|n| count(0, &format!("N{n}")))
                .collect(),
            (0..self.communities.len())
                .map(|c| count(1, &format!("C{c}")))
                .collect(),
            (0..TOPS)
                .map(|t| count(2, &format!("{}{t}", top.id)))
                .collect(),
        ]
    }

    /// A top place's count is the sum of its communities' plus the records naming it alone;
    /// a community's, the sum of its neighborhoods' plus those naming it alone.
    pub(crate) fn check_roll_ups(&self, top: &Top) -> Result<(), TestCaseError> {
        let [neighborhoods, communities, tops] = self.counts(top);
        let alone = |level: u8, count: usize, at: usize| {
            Decimal::from(
                (self.records.iter())
                    .filter(|&&(l, w)| l == level && w % count == at)
                    .count(),
            )
        };
        for (c, &count) in communities.iter().enumerate() {
            let children: Decimal = (self.neighborhoods.iter().enumerate())
                .filter(|&(_, &parent)| parent == c)
                .map(|(n, _)| neighborhoods[n])
                .sum();
            prop_assert_eq!(count, children + alone(1, self.communities.len(), c));
        }
        for (t, &count) in tops.iter().enumerate() {
            let children: Decimal = (self.communities.iter().enumerate())
                .filter(|&(_, &parent)| parent == t)
                .map(|(c, _)| communities[c])
                .sum();
            prop_assert_eq!(count, children + alone(2, TOPS, t));
        }
        Ok(())
    }
}

/// A board of neighborhoods ranked by one table value with `method`, inside groups when
/// `group_by` is given; `declaration` comes before the sources.
pub(crate) fn group_spec(declaration: &str, group_by: Option<&str>, method: &str) -> Spec {
    let group_by = group_by.map_or(String::new(), |by| format!("group_by = \"{by}\"\n"));
    Spec::from_toml_str(
        &format!(
            "period = \"2024-11\"\n{declaration}[sources.t]\nkind = \"table\"\n\
             [[boards]]\nid = \"b\"\nkind = \"neighborhood\"\nrank = \"{method}\"\ndecimals = 0\ntop = 2\nbottom = 1\n{group_by}\
             [[boards.indicators]]\nid = \"v\"\nsource = \"t\"\nmeasure = \"value\"\nbetter = \"higher\"\nnormalize = \"min-max\"\nweight = 1\n",
        ),
        "group.toml",
    )
    .unwrap()
}

/// What a group's board is compared by: each place's id, rank, score, tie and lists.
pub(crate) fn shown(board: &Board) -> Vec<(String, String, Decimal, bool, bool, bool)> {
    (board.entries.iter())
        .map(|entry| {
            (
                entry.place_id.clone(),
                entry.rank.to_string(),
                entry.score,
                entry.tied,
                entry.listed,
                entry.worst,
            )
        })
        .collect()
}
