//! Boards ranked inside groups (`group_by`): each street's neighborhoods, each group of
//! handling units, as district bulletins rank them (Yulin's 12345 red list, the best five
//! inside each group; Wuhan's best and worst street in each district).
//!
//! A group is ranked as if it were a board of its own: its places alone are normalized,
//! scored, rounded and ranked, with their ties, lists and rank changes. So ranking inside a
//! group equals ranking that group alone (a property test holds this), and a place's rank in
//! its group never depends on the places of another.

use crate::board::{self, Board, BoardInput, Values};
use crate::error::Result;
use crate::places::{Gazetteer, Place, PlaceIndex};
use crate::spec::{BoardSpec, GroupBy};

/// The name of the group of the places that have none (no parent, no value of the
/// attribute): listed last, so that no place is dropped.
pub(crate) const UNGROUPED: &str = "未分组";

/// One group of a board's places.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Group {
    /// The group's name: its place's name, or the attribute's value as written.
    pub(crate) name: String,
    /// Its places, as positions among the board's places, in gazetteer order.
    pub(crate) members: Vec<usize>,
}

/// The groups of `places` (a board's, in gazetteer order) by `by`: groups of places in the
/// gazetteer order of their group's place (by parent or kind), or of their first member (by
/// attribute); the places without a group last, under [`UNGROUPED`].
pub(crate) fn groups(gazetteer: &Gazetteer, places: &[PlaceIndex], by: &GroupBy) -> Vec<Group> {
    // Per place: the key ordering its group, and the group's name.
    let keyed: Vec<Option<(usize, String)>> = places
        .iter()
        .enumerate()
        .map(|(position, &index)| match by {
            GroupBy::Parent => gazetteer
                .parent(index)
                .map(|parent| (parent, gazetteer.place(parent).name().to_owned())),
            GroupBy::Kind(kind) => gazetteer
                .parent(index)
                .and_then(|parent| gazetteer.ancestor_of_kind(parent, *kind))
                .map(|above| (above, gazetteer.place(above).name().to_owned())),
            GroupBy::Attribute(attribute) => {
                let place = gazetteer.place(index);
                place
                    .text(attribute)
                    .map(str::to_owned)
                    .or_else(|| place.attribute(attribute).map(|value| value.to_string()))
                    .filter(|value| !value.is_empty())
                    .map(|value| (position, value))
            }
        })
        .collect();
    let mut groups: Vec<(usize, Group)> = Vec::new();
    let mut ungrouped = Vec::new();
    for (position, key) in keyed.into_iter().enumerate() {
        let Some((order, name)) = key else {
            ungrouped.push(position);
            continue;
        };
        match groups.iter_mut().find(|(_, group)| group.name == name) {
            Some((_, group)) => group.members.push(position),
            None => groups.push((
                order,
                Group {
                    name,
                    members: vec![position],
                },
            )),
        }
    }
    groups.sort_by_key(|(order, _)| *order);
    let mut groups: Vec<Group> = groups.into_iter().map(|(_, group)| group).collect();
    if !ungrouped.is_empty() {
        groups.push(Group {
            name: UNGROUPED.to_owned(),
            members: ungrouped,
        });
    }
    groups
}

/// The spec of a board ranked inside groups for its overall list, with that list's own
/// cut-offs (`overall_top`, `overall_bottom`); `None` for a board without groups.
pub(crate) fn overall(spec: &BoardSpec) -> Option<BoardSpec> {
    spec.group_by.as_ref().map(|_| BoardSpec {
        top: spec.overall_top,
        bottom: spec.overall_bottom,
        ..spec.clone()
    })
}

/// The boards of the groups of `input`'s places (whose gazetteer indexes are `places`), by
/// the board's `group_by`: each group's places ranked alone, as `input.spec` says, titled
/// `group·title`; none for a board without groups.
pub(crate) fn group_boards(
    gazetteer: &Gazetteer,
    places: &[PlaceIndex],
    input: BoardInput<'_>,
) -> Result<Vec<Board>> {
    let mut made = Vec::new();
    let Some(by) = &input.spec.group_by else {
        return Ok(made);
    };
    for group in groups(gazetteer, places, by) {
        let members: Vec<&Place> = group.members.iter().map(|&m| input.places[m]).collect();
        let listing: Vec<usize> = group.members.iter().map(|&m| input.listing[m]).collect();
        let of = |(period, values): (crate::period::Period, &Values)| {
            (period, values_of(values, &group.members))
        };
        let current = of(input.current);
        let previous = input.previous.map(of);
        let compared = input.compared.map(of);
        let mut board = board::build(BoardInput {
            places: &members,
            listing: &listing,
            current: (current.0, &current.1),
            previous: previous.as_ref().map(|(period, values)| (*period, values)),
            compared: compared.as_ref().map(|(period, values)| (*period, values)),
            ..input
        })?;
        board.title = format!("{}·{}", group.name, board.title);
        board.group = Some(group.name);
        made.push(board);
    }
    Ok(made)
}

/// `boards`, each followed by its groups' boards (`groups`, one list per board).
pub(crate) fn followed_by_groups(boards: Vec<Board>, groups: Vec<Vec<Board>>) -> Vec<Board> {
    boards
        .into_iter()
        .zip(groups)
        .flat_map(|(board, groups)| std::iter::once(board).chain(groups))
        .collect()
}

/// The values of a group's `members` alone, per indicator.
pub(crate) fn values_of(values: &Values, members: &[usize]) -> Values {
    values
        .iter()
        .map(|of_indicator| {
            members
                .iter()
                .map(|&member| of_indicator.get(member).cloned().flatten())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::{Place, PlaceKind};

    #[test]
    fn groups_follow_their_places_and_keep_the_ungrouped_last() {
        let gazetteer = Gazetteer::new([
            Place::new("S2", PlaceKind::Street, "乙街道"),
            Place::new("S1", PlaceKind::Street, "甲街道"),
            Place::new("N1", PlaceKind::Neighborhood, "a").with_parent("S1"),
            Place::new("N2", PlaceKind::Neighborhood, "b").with_parent("S2"),
            Place::new("N3", PlaceKind::Neighborhood, "c"),
            Place::new("N4", PlaceKind::Neighborhood, "d").with_parent("S1"),
        ])
        .unwrap();
        let places = gazetteer.indexes_of_kind(PlaceKind::Neighborhood);
        let groups = groups(&gazetteer, places, &GroupBy::Parent);
        let shown: Vec<(&str, &[usize])> = groups
            .iter()
            .map(|group| (group.name.as_str(), group.members.as_slice()))
            .collect();
        assert_eq!(
            shown,
            [
                ("乙街道", &[1][..]),
                ("甲街道", &[0, 3][..]),
                (UNGROUPED, &[2][..])
            ]
        );
    }
}
