//! Each weight left out in turn: a place's rank is the one `rank` gives with that indicator's
//! (or dimension's) weight 0. Normalized values do not depend on weights, so they are the
//! board's; what changes is who has a score. Under `missing = "exclude"` a place unranked only
//! because a weighted indicator has no value (an outsider) competes once that indicator's
//! weight is 0, and every place below it moves down one.

use rust_decimal::Decimal;

use super::Model;
use crate::board::{BoardInput, Values, scheme_of, tie_breakers};
use crate::error::{Error, ErrorKind, Location, Result, shorten};
use crate::exact::{self, Exact};
use crate::rank::{self, Contender, RankMethod};
use crate::score::{Outcome, Scored, Scorer, VetoEffect};

/// The places a board leaves unranked only for a missing value of a weighted indicator
/// under `missing = "exclude"`: no veto leaves them unranked, so a weight of 0 on what they
/// lack would rank them.
#[derive(Default)]
pub(super) struct Outsiders {
    /// Per outsider: its normalized values, in indicator order.
    normalized: Vec<Vec<Option<Exact>>>,
    /// Per outsider: the points its adjustments add (negative: take).
    points: Vec<Exact>,
    /// Per outsider: what ranks it besides its score, as for a ranked place.
    contenders: Vec<Contender>,
}

impl Outsiders {
    /// The outsiders of a board scored as `scored`, struck by the vetoes `struck`.
    pub(super) fn new(
        input: BoardInput<'_>,
        values: &Values,
        scored: &[Scored],
        struck: &[Vec<usize>],
    ) -> Outsiders {
        let spec = input.spec;
        let scheme = scheme_of(spec);
        let mut outsiders = Outsiders::default();
        for (place, (scored, struck)) in scored.iter().zip(struck).enumerate() {
            let effect = |effect: VetoEffect| {
                struck
                    .iter()
                    .any(|&veto| spec.vetoes.get(veto).is_some_and(|v| v.effect == effect))
            };
            if !matches!(scored.outcome, Outcome::Missing(_)) || effect(VetoEffect::Unranked) {
                continue;
            }
            outsiders.normalized.push(scored.normalized.clone());
            // An unscored place's adjustments are not counted by the board: count them here,
            // as the board would once the place has a score.
            outsiders.points.push(
                scheme
                    .adjustments
                    .iter()
                    .fold(Exact::ZERO, |total, adjustment| {
                        exact::add(&total, &adjustment.points(values, place).1)
                    }),
            );
            outsiders.contenders.push(Contender {
                score: Decimal::ZERO,
                tie_breakers: tie_breakers(spec, values, place),
                listing: input.listing.get(place).copied().unwrap_or(place),
                last: effect(VetoEffect::Last),
            });
        }
        outsiders
    }
}

/// Per weight of `model.labels` (the indicators', then the dimensions'), the competition rank
/// of each ranked place with that weight 0, among every place that then has a score (the
/// outsiders too); `None` where the place then has none.
pub(super) fn without(model: &Model) -> Result<Vec<Vec<Option<u32>>>> {
    let weights = model.scorer.weights();
    let outsiders = &model.outsiders;
    (0..model.labels.len())
        .map(|index| {
            let mut changed = weights.clone();
            if let Some(weight) = changed.get_mut(index) {
                *weight = Exact::ZERO;
            }
            let scorer = model.scorer.with_weights(&changed);
            let inside = scores(model, &scorer, &model.normalized, &model.points)?;
            let outside = scores(model, &scorer, &outsiders.normalized, &outsiders.points)?;
            let mut contenders = Vec::new();
            let mut slots = Vec::new();
            let everyone = inside
                .iter()
                .zip(&model.contenders)
                .chain(outside.iter().zip(&outsiders.contenders));
            for (slot, (score, contender)) in everyone.enumerate() {
                if let Some(score) = *score {
                    slots.push(slot);
                    contenders.push(Contender {
                        score,
                        ..contender.clone()
                    });
                }
            }
            let mut ranks = vec![None; inside.len()];
            for ranked in rank::rank(&contenders, RankMethod::Competition) {
                let slot = slots[ranked.contender];
                if let Some(rank) = ranks.get_mut(slot) {
                    *rank = u32::try_from(ranked.rank.to_decimal().mantissa()).ok();
                }
            }
            Ok(ranks)
        })
        .collect()
}

/// The rounded score of each row of `normalized` with its `points` under `scorer`; `None`
/// for a row without a score.
fn scores(
    model: &Model,
    scorer: &Scorer,
    normalized: &[Vec<Option<Exact>>],
    points: &[Exact],
) -> Result<Vec<Option<Decimal>>> {
    normalized
        .iter()
        .zip(points)
        .map(|(normalized, points)| {
            let Some(total) = scorer.total(normalized, points) else {
                return Ok(None);
            };
            scorer.round(&total).map(Some).ok_or_else(|| {
                Error::new(
                    ErrorKind::Overflow {
                        what: format!(
                            "a score with a weight left out for robustness ({})",
                            shorten(&model.labels.join(", "))
                        ),
                    },
                    Location::at_key(&model.at.0, model.at.1.clone()),
                )
            })
        })
        .collect()
}
