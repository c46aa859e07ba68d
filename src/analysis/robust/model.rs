//! A board reduced to what varying its weights needs: the ranked places' normalized values
//! and adjustment points (which no weight moves), the vetoes that put a place last, the
//! tie-breakers, and the board's scoring with its weights apart.

use rust_decimal::Decimal;

use super::leave_out::Outsiders;
use super::polygon::Lattice;
use crate::board::{
    BoardInput, Eligible, eligibility, rules_of, scheme_of, score_period, tie_breakers,
};
use crate::error::{Error, ErrorKind, Location, Result, shorten};
use crate::exact::{self, Exact};
use crate::rank::{self, Contender, RankMethod};
use crate::score::{self, Normalize, Scorer};

/// One board, ready to be scored under other weights.
pub(crate) struct Model {
    /// Each ranked place's slot among the board's places, in slot order.
    pub(super) places: Vec<usize>,
    /// Each ranked place's id.
    pub(super) ids: Vec<String>,
    /// Per ranked place: its normalized values, in indicator order.
    pub(super) normalized: Vec<Vec<Option<Exact>>>,
    /// Per ranked place: the points its adjustments add (negative: take).
    pub(super) points: Vec<Exact>,
    /// Per ranked place: what ranks it besides its score (tie-breakers, a `last` veto, its
    /// listing position); the score is filled in per weighing.
    pub(super) contenders: Vec<Contender>,
    pub(super) scorer: Scorer,
    /// The names of the weights: the indicators', then the dimensions'.
    pub(super) labels: Vec<String>,
    pub(super) lattice: Lattice,
    /// The other relative normalizations (min-max, z-score, rank) the board's relative
    /// indicators could use, each with the normalized values it gives, per ranked place.
    pub(super) alternatives: Vec<(Normalize, Vec<Vec<Option<Exact>>>)>,
    /// The places that only a weight left out would rank (see [`Outsiders`]).
    pub(super) outsiders: Outsiders,
    /// The spec file and the board's key, for messages.
    pub(super) at: (std::path::PathBuf, String),
}

impl Model {
    /// The model of a board of scores from its input; its values are the current period's.
    pub(crate) fn new(input: BoardInput<'_>) -> Result<Model> {
        let BoardInput {
            spec,
            places,
            listing,
            current: (_, values),
            ..
        } = input;
        let (scored, struck) = score_period(input, values);
        let mut model_places = Vec::new();
        let mut contenders = Vec::new();
        let mut points = Vec::new();
        for (place, (scored, struck)) in scored.iter().zip(&struck).enumerate() {
            let Eligible::Ranked { score, last } = eligibility(input, scored, struck, place)?
            else {
                continue;
            };
            model_places.push(place);
            points.push(
                scored
                    .adjustments
                    .iter()
                    .fold(Exact::ZERO, |total, (_, points)| exact::add(&total, points)),
            );
            contenders.push(Contender {
                score,
                tie_breakers: tie_breakers(spec, values, place),
                listing: listing[place],
                last,
            });
        }
        let pick = |table: &[Vec<Option<Exact>>]| -> Vec<Vec<Option<Exact>>> {
            model_places
                .iter()
                .map(|&place| table.iter().map(|column| column[place].clone()).collect())
                .collect()
        };
        // Per indicator over every place of the board (normalization sees them all).
        let own: Vec<Vec<Option<Exact>>> = (0..spec.scored)
            .map(|index| {
                scored
                    .iter()
                    .map(|scored| scored.normalized[index].clone())
                    .collect()
            })
            .collect();
        let normalized = pick(&own);
        let indicators = spec.scored_indicators();
        let relative = |method: Normalize| {
            matches!(
                method,
                Normalize::MinMax | Normalize::ZScore | Normalize::Rank
            )
        };
        let alternatives = if indicators
            .iter()
            .any(|indicator| indicator.curve.is_none() && relative(indicator.normalize))
        {
            [Normalize::MinMax, Normalize::ZScore, Normalize::Rank]
                .into_iter()
                .map(|method| {
                    let table: Vec<Vec<Option<Exact>>> = indicators
                        .iter()
                        .enumerate()
                        .map(|(index, indicator)| {
                            if indicator.curve.is_none() && relative(indicator.normalize) {
                                score::normalize(&values[index], indicator.better, method, None)
                            } else {
                                own[index].clone()
                            }
                        })
                        .collect();
                    (method, pick(&table))
                })
                .collect()
        } else {
            Vec::new()
        };
        let scorer = Scorer::new(&rules_of(spec), &scheme_of(spec));
        let scoring = scorer.scoring();
        Ok(Model {
            ids: model_places
                .iter()
                .map(|&place| places[place].id().to_owned())
                .collect(),
            places: model_places,
            normalized,
            points,
            contenders,
            scorer,
            labels: indicators
                .iter()
                .map(|indicator| indicator.id.clone())
                .chain(
                    spec.dimensions
                        .iter()
                        .map(|dimension| dimension.path.clone()),
                )
                .collect(),
            lattice: Lattice {
                decimals: scoring.decimals,
                rounding: scoring.rounding,
            },
            alternatives,
            outsiders: Outsiders::new(input, values, &scored, &struck),
            at: (input.at.to_path_buf(), format!("boards[{}]", spec.position)),
        })
    }

    /// How many ranked places.
    pub(super) fn len(&self) -> usize {
        self.places.len()
    }

    /// Each ranked place's rounded score under `scorer` with the normalized values `table`;
    /// `None` for a place left without a score (its only weighted indicators left out).
    pub(super) fn scores(
        &self,
        scorer: &Scorer,
        table: &[Vec<Option<Exact>>],
    ) -> Result<Vec<Option<Decimal>>> {
        (0..table.len())
            .map(|place| self.score_of(scorer, table, place))
            .collect()
    }

    /// [`Model::scores`] of one place.
    pub(super) fn score_of(
        &self,
        scorer: &Scorer,
        table: &[Vec<Option<Exact>>],
        place: usize,
    ) -> Result<Option<Decimal>> {
        let (Some(normalized), Some(points)) = (table.get(place), self.points.get(place)) else {
            return Ok(None);
        };
        match scorer.total(normalized, points) {
            None => Ok(None),
            Some(total) => scorer.round(&total).map(Some).ok_or_else(|| {
                Error::new(
                    ErrorKind::Overflow {
                        what: format!(
                            "a score under weights varied for robustness ({})",
                            shorten(&self.labels.join(", "))
                        ),
                    },
                    Location::at_key(&self.at.0, self.at.1.clone()),
                )
            }),
        }
    }

    /// Competition ranks (1 + the places ranked before) of the places with a score, as the
    /// board ranks them: a `last` veto first, then the score, then the tie-breakers.
    pub(super) fn ranks(&self, scores: &[Option<Decimal>]) -> Vec<Option<u32>> {
        let mut slots = Vec::with_capacity(scores.len());
        let contenders: Vec<Contender> = scores
            .iter()
            .zip(&self.contenders)
            .enumerate()
            .filter_map(|(slot, (score, contender))| {
                let score = (*score)?;
                slots.push(slot);
                Some(Contender {
                    score,
                    ..contender.clone()
                })
            })
            .collect();
        let mut ranks = vec![None; scores.len()];
        for ranked in rank::rank(&contenders, RankMethod::Competition) {
            let rank = ranked.rank.to_decimal();
            ranks[slots[ranked.contender]] = u32::try_from(rank.mantissa()).ok();
        }
        ranks
    }

    /// A flat board of `none`-normalized indicators straight from its normalized values, for
    /// tests: `normalized[place][indicator]`.
    #[cfg(test)]
    pub(super) fn from_parts(
        normalized: Vec<Vec<Option<Exact>>>,
        points: Vec<Exact>,
        weights: &[Decimal],
        aggregate: crate::score::Aggregate,
        lattice: Lattice,
        last: Vec<bool>,
    ) -> Model {
        use crate::score::{Better, Missing, Rule, Scheme, Scoring};
        let rules: Vec<Rule> = weights
            .iter()
            .map(|&weight| Rule {
                better: Better::Higher,
                normalize: Normalize::None,
                curve: None,
                weight,
                dimension: 0,
            })
            .collect();
        let scheme = Scheme {
            aggregate,
            ..Scheme::flat(Scoring {
                missing: Missing::Reweight,
                decimals: lattice.decimals,
                rounding: lattice.rounding,
            })
        };
        let n = normalized.len();
        Model {
            places: (0..n).collect(),
            ids: (0..n).map(|place| format!("P{place}")).collect(),
            normalized,
            points,
            contenders: last
                .into_iter()
                .enumerate()
                .map(|(listing, last)| Contender {
                    score: Decimal::ZERO,
                    tie_breakers: Vec::new(),
                    listing,
                    last,
                })
                .collect(),
            scorer: Scorer::new(&rules, &scheme),
            labels: (0..weights.len()).map(|k| format!("i{k}")).collect(),
            lattice,
            alternatives: Vec::new(),
            outsiders: Outsiders::default(),
            at: (
                std::path::PathBuf::from("spec.toml"),
                "boards[0]".to_owned(),
            ),
        }
    }
}
