//! Joint extremes: the best and the worst rank that some weight vector of the box gives a
//! place, beside the pairwise bounds.
//!
//! The pairwise bounds count, for place i, the places above it under every weight (best) and
//! under some (worst), each pair judged alone. A rank some weight vector gives needs the pairs
//! at once: J and K may each fall below I somewhere, yet never together (I = (50, 50),
//! J = (60, 41), K = (41, 60): J + K = 101, so one of them is at 50.5 or more). So:
//!
//! 1. every place is scored, exactly, at the box's centre (the spec's weights) and at each
//!    point of a grid of the box (low, middle and high of each weight when at most
//!    [`MAX_GRID_BITS`] vary, each corner when at most [`MAX_CORNER_BITS`]); a place's rank at each
//!    of these is 1 + the places surely above it + the contested places (possibly but not
//!    surely above) above it there. The least and greatest of these are ranks that weights
//!    give: witnesses;
//! 2. where a witness falls short of its bound, the ranks between are decided exactly: "at most
//!    t of the contested places above i" holds somewhere in the box exactly when, for some set
//!    R of t of them and some rounding cell m of i's score, the linear system "i rounds to m,
//!    the others of the contested places round below it (as its tie-breakers have it)" has a
//!    solution in the box. Each system is solved in exact rationals by Fourier–Motzkin
//!    elimination (strict inequalities kept strict), after a cheaper system without cells
//!    ("s_j < s_i + one unit", which any solution satisfies) has ruled the set out or not. A
//!    solution is scored exactly before it counts as a witness. The search stops after
//!    [`MAX_SYSTEMS`] systems, or where the contested places or the cells are too many: the
//!    bound then stays a bound, and the output says so (`best < best_bound` never; the
//!    printed `best` is always a rank some weight gives).

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use rust_decimal::Decimal;

use super::linear::Linear;
use crate::exact::{self, Exact};

/// The most weights that vary for every corner of the box to be tried as a witness.
const MAX_CORNER_BITS: usize = 6;

/// The most weights that vary for every point of the three-level grid to be tried.
const MAX_GRID_BITS: usize = 4;

/// The most contested places of one place for its ranks between witness and bound to be
/// decided by linear systems.
const MAX_CONTESTED: usize = 24;

/// The most rounding cells of a place's score for the same.
const MAX_CELLS: i128 = 256;

/// Cells of a place's score up to which the projection is not worth it.
const FEW_CELLS: i128 = 4;

/// Beyond `MAX_CELLS`, how many spans the cells tried divide the range into.
const SAMPLED_CELLS: i128 = 8;

/// The most linear systems solved for one extreme of one place.
const MAX_SYSTEMS: usize = 1024;

/// The most inequalities Fourier–Motzkin elimination may reach before giving up.
const MAX_INEQUALITIES: usize = 4096;

/// Where a weight stands in its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pick {
    Low,
    Middle,
    High,
}

/// One place's extremes: the best and worst ranks witnesses reach, and the bounds no weight
/// goes beyond (equal to them when they are exact).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Extremes {
    /// The best rank a weight vector of the box gives.
    pub(crate) best: u32,
    /// No weight vector gives a better rank.
    pub(crate) best_bound: u32,
    /// The worst rank a weight vector of the box gives.
    pub(crate) worst: u32,
    /// No weight vector gives a worse rank.
    pub(crate) worst_bound: u32,
    /// Weights that give the rank `best`, and `worst`.
    pub(crate) best_at: Vec<Exact>,
    pub(crate) worst_at: Vec<Exact>,
}

/// The weight vectors tried for every place: the centre, then each point of the grid of
/// low, middle and high of each varying weight when at most [`MAX_GRID_BITS`] vary, else
/// each corner when at most [`MAX_CORNER_BITS`] do.
pub(super) fn candidates(linear: &Linear) -> Vec<Vec<Pick>> {
    let columns = linear.low.len();
    let varying: Vec<usize> = (0..columns)
        .filter(|&k| linear.low[k] != linear.high[k])
        .collect();
    let mut candidates = vec![vec![Pick::Middle; columns]];
    let levels: &[Pick] = if varying.len() <= MAX_GRID_BITS {
        &[Pick::Low, Pick::Middle, Pick::High]
    } else if varying.len() <= MAX_CORNER_BITS {
        &[Pick::Low, Pick::High]
    } else {
        return candidates;
    };
    let mut grid: Vec<Vec<Pick>> = vec![vec![Pick::Middle; columns]];
    for &k in &varying {
        grid = grid
            .into_iter()
            .flat_map(|picks| {
                levels.iter().map(move |&level| {
                    let mut picks = picks.clone();
                    picks[k] = level;
                    picks
                })
            })
            .collect();
    }
    candidates.extend(
        grid.into_iter()
            .filter(|picks| picks.contains(&Pick::Low) || picks.contains(&Pick::High)),
    );
    candidates
}

/// Whether j is above i when they round to `unit_j` and `unit_i` units.
fn above_at(linear: &Linear, j: usize, i: usize, unit_j: i128, unit_i: i128) -> bool {
    unit_j > unit_i || (unit_j == unit_i && linear.tie[j] < linear.tie[i])
}

/// The extremes of place `i`, with `surely` places above it under every weight and the
/// `contested` ones above it under some weights only; `at[c][place]` is each place's rounded
/// score, in units, at candidate `c`. `None` when a score does not fit a decimal.
pub(super) fn extremes(
    linear: &Linear,
    i: usize,
    surely: usize,
    contested: &[usize],
    candidates: &[Vec<Pick>],
    at: &[Vec<i128>],
) -> Option<Extremes> {
    let surely = u32::try_from(surely).ok()?;
    let count = u32::try_from(contested.len()).ok()?;
    let (best_bound, worst_bound) = (1 + surely, 1 + surely + count);
    // The centre is the first candidate: every rank below is one of a candidate.
    let (mut best, mut worst) = ((u32::MAX, 0), (0, 0));
    for (candidate, units) in at.iter().enumerate() {
        let above = contested
            .iter()
            .filter(|&&j| above_at(linear, j, i, units[j], units[i]))
            .count() as u32;
        let rank = 1 + surely + above;
        if rank < best.0 {
            best = (rank, candidate);
        }
        if rank > worst.0 {
            worst = (rank, candidate);
        }
    }
    let weights_at = |candidate: usize| -> Vec<Exact> {
        candidates
            .get(candidate)
            .map(|picks| linear.weights_at(picks))
            .unwrap_or_default()
    };
    let mut extremes = Extremes {
        best: best.0,
        best_bound,
        worst: worst.0,
        worst_bound,
        best_at: weights_at(best.1),
        worst_at: weights_at(worst.1),
    };
    if contested.len() <= MAX_CONTESTED {
        let search = Search {
            linear,
            i,
            surely,
            contested,
        };
        let (rank, bound, weights) = search.tighten(best.0, best_bound, false)?;
        (extremes.best, extremes.best_bound) = (rank, bound);
        if let Some(weights) = weights {
            extremes.best_at = weights;
        }
        let (rank, bound, weights) = search.tighten(worst.0, worst_bound, true)?;
        (extremes.worst, extremes.worst_bound) = (rank, bound);
        if let Some(weights) = weights {
            extremes.worst_at = weights;
        }
    }
    Some(extremes)
}

/// The exact search between a witness and a bound.
struct Search<'a> {
    linear: &'a Linear,
    i: usize,
    surely: u32,
    contested: &'a [usize],
}

/// How `s_j` (or `s_j − s_i`) stands to a constant: `≥ c`, `> c`, `≤ c` or `< c`.
#[derive(Clone, Copy)]
struct Side {
    at_least: bool,
    strict: bool,
}

impl Search<'_> {
    /// From a witnessed rank `found` and a proved bound `bound` (`found ≥ bound` for the best,
    /// `≤` for the worst), the witnessed rank and bound after deciding the ranks between
    /// them, as far as the limits allow, with the weights of a new witness.
    fn tighten(
        &self,
        mut found: u32,
        mut bound: u32,
        worst: bool,
    ) -> Option<(u32, u32, Option<Vec<Exact>>)> {
        let mut witness = None;
        let mut systems = 0usize;
        while found != bound {
            // The rank `bound` needs `t` contested places on the other side of i than the
            // bound puts them: below it for the best, above it for the worst.
            let t = if worst {
                1 + self.surely + self.contested.len() as u32 - bound
            } else {
                bound - 1 - self.surely
            } as usize;
            let Some(sets) = subsets(self.contested.len(), t, MAX_SYSTEMS.saturating_sub(systems))
            else {
                break;
            };
            let mut witnessed = None;
            let mut unknown = false;
            'sets: for set in sets {
                // `set` holds the indices into `contested` left free; the others are placed
                // as the bound needs.
                let placed: Vec<usize> = (0..self.contested.len())
                    .filter(|index| !set.contains(index))
                    .map(|index| self.contested[index])
                    .collect();
                systems += 1;
                match solve(self.relaxed(&placed, worst), self.dims()) {
                    Outcome::Infeasible => continue,
                    Outcome::Unknown => {
                        unknown = true;
                        break;
                    }
                    Outcome::Feasible(_) => {}
                }
                let (mut first, mut last) = self.cells(&placed, worst);
                if last - first >= FEW_CELLS {
                    // Fewer: the cells the placement allows at all, projected exactly.
                    systems += 1;
                    match self.projected_cells(&placed, worst) {
                        Projection::Empty => continue,
                        Projection::Unknown => {}
                        Projection::Cells(low, high) => {
                            (first, last) = (first.max(low), last.min(high));
                        }
                    }
                }
                // From the middle out: where the placement's region is full-dimensional,
                // every cell strictly inside the projection has a solution.
                let exhaustive = last - first < MAX_CELLS;
                let cells: Vec<i128> = if exhaustive {
                    let middle = first + (last - first) / 2;
                    (0..=last - first)
                        .map(|step| {
                            let offset = (step + 1) / 2;
                            if step % 2 == 1 {
                                middle + offset
                            } else {
                                middle - offset
                            }
                        })
                        .filter(|m| (first..=last).contains(m))
                        .collect()
                } else {
                    (0..=SAMPLED_CELLS)
                        .map(|step| first + (last - first) * step / SAMPLED_CELLS)
                        .collect()
                };
                for m in cells {
                    systems += 1;
                    if systems > MAX_SYSTEMS {
                        unknown = true;
                        break 'sets;
                    }
                    match solve(self.in_cell(&placed, m, worst), self.dims()) {
                        Outcome::Infeasible => {}
                        Outcome::Unknown => {
                            unknown = true;
                            break 'sets;
                        }
                        Outcome::Feasible(point) => {
                            let weights = self.weights(&point);
                            let rank = self.rank_at(&weights)?;
                            if rank == bound {
                                witnessed = Some(rank);
                                witness = Some(weights);
                                break 'sets;
                            }
                            // A solution that does not give the rank it was solved for would
                            // be a fault of this search: claim nothing.
                            unknown = true;
                            break 'sets;
                        }
                    }
                }
                if !exhaustive {
                    // Sampled cells without a solution prove nothing.
                    unknown = true;
                }
            }
            match witnessed {
                Some(rank) => found = rank,
                None if unknown => break,
                // No weight gives the rank `bound`: the bound moves one toward the witness.
                None if worst => bound -= 1,
                None => bound += 1,
            }
        }
        Some((found, bound, witness))
    }

    /// The cells of i's rounded score the placement can have: within i's range, and where
    /// each placed place's range allows it to round below i (best) or above it (worst).
    fn cells(&self, placed: &[usize], worst: bool) -> (i128, i128) {
        let rounded = &self.linear.rounded;
        let (mut first, mut last) = rounded[self.i];
        for &j in placed {
            let favours_j = self.linear.tie[j] < self.linear.tie[self.i];
            match (worst, favours_j) {
                // round(s_j) ≤ m − 1, or ≤ m.
                (false, true) => first = first.max(rounded[j].0 + 1),
                (false, false) => first = first.max(rounded[j].0),
                // round(s_j) ≥ m, or ≥ m + 1.
                (true, true) => last = last.min(rounded[j].1),
                (true, false) => last = last.min(rounded[j].1 - 1),
            }
        }
        (first, last)
    }

    /// The cells m the placement can put i's rounded score in, closed at every rounding edge
    /// (a superset, so that one system decides them all): the projection on m of the system
    /// in (m, weights) where "i rounds to m, j to at most (or least) m" are linear. Under
    /// `mean` the unknowns are the weights divided by their sum (the box becomes the
    /// polytope lowₖ·xₗ ≤ highₗ·xₖ, Σ x = 1), so that scores are linear in them.
    fn projected_cells(&self, placed: &[usize], worst: bool) -> Projection {
        let linear = self.linear;
        let columns = linear.low.len();
        if columns == 0 {
            return Projection::Unknown;
        }
        let unit = linear.lattice.unit();
        let half = exact::div(&unit, &exact::from_integer(2));
        // Unknown 0 is m; then the weights' unknowns.
        let (weights_dims, score): (usize, Box<ScoreForm<'_>>) = if linear.sums {
            let varying = self.varying();
            let dims = varying.len();
            (
                dims,
                Box::new(move |place: usize| {
                    let mut a = vec![Exact::ZERO; dims];
                    let mut b = linear.points[place].clone();
                    for k in 0..columns {
                        let value = &linear.values[place][k];
                        match varying.iter().position(|&v| v == k) {
                            Some(index) => a[index] = value.clone(),
                            None => b = exact::add(&b, &exact::mul(value, &linear.low[k])),
                        }
                    }
                    (a, b)
                }),
            )
        } else {
            // x_last = 1 − Σ the others.
            let dims = columns - 1;
            (
                dims,
                Box::new(move |place: usize| {
                    let values = &linear.values[place];
                    let a = (0..dims)
                        .map(|k| exact::sub(&values[k], &values[dims]))
                        .collect();
                    (a, exact::add(&values[dims], &linear.points[place]))
                }),
            )
        };
        let dims = 1 + weights_dims;
        let row = |m: Exact, a: Vec<Exact>, b: Exact| -> Inequality {
            Inequality {
                a: std::iter::once(m).chain(a).collect(),
                b,
                strict: false,
            }
        };
        let mut system = Vec::new();
        if linear.sums {
            for (index, &k) in self.varying().iter().enumerate() {
                let mut a = vec![Exact::ZERO; weights_dims];
                a[index] = exact::from_integer(1);
                system.push(row(Exact::ZERO, a.clone(), -&linear.low[k]));
                a[index] = exact::from_integer(-1);
                system.push(row(Exact::ZERO, a, linear.high[k].clone()));
            }
        } else {
            // x_k as a form in the unknowns: x_k itself, or 1 − Σ for the last.
            let x = |k: usize| -> (Vec<Exact>, Exact) {
                if k < weights_dims {
                    let mut a = vec![Exact::ZERO; weights_dims];
                    a[k] = exact::from_integer(1);
                    (a, Exact::ZERO)
                } else {
                    (
                        vec![exact::from_integer(-1); weights_dims],
                        exact::from_integer(1),
                    )
                }
            };
            for k in 0..columns {
                let (a, b) = x(k);
                system.push(row(Exact::ZERO, a, b));
                for l in (0..columns).filter(|&l| l != k) {
                    // highₗ·xₖ − lowₖ·xₗ ≥ 0
                    let (ak, bk) = x(k);
                    let (al, bl) = x(l);
                    let a = ak
                        .iter()
                        .zip(&al)
                        .map(|(p, q)| {
                            exact::sub(
                                &exact::mul(p, &linear.high[l]),
                                &exact::mul(q, &linear.low[k]),
                            )
                        })
                        .collect();
                    let b = exact::sub(
                        &exact::mul(&bk, &linear.high[l]),
                        &exact::mul(&bl, &linear.low[k]),
                    );
                    system.push(row(Exact::ZERO, a, b));
                }
            }
        }
        // s ≥ (m + shift)·unit − ½ unit, or s ≤ (m + shift)·unit + ½ unit.
        let mut bound = |place: usize, at_least: bool, shift: i64| {
            let (a, b) = score(place);
            let offset = exact::mul(&unit, &exact::from_integer(shift));
            if at_least {
                let b = exact::add(&exact::sub(&b, &offset), &half);
                system.push(row(-&unit, a, b));
            } else {
                let b = exact::add(&exact::sub(&offset, &b), &half);
                system.push(row(unit.clone(), a.iter().map(|x| -x).collect(), b));
            }
        };
        bound(self.i, true, 0);
        bound(self.i, false, 0);
        for &j in placed {
            let favours_j = linear.tie[j] < linear.tie[self.i];
            match (worst, favours_j) {
                (false, true) => bound(j, false, -1),
                (false, false) => bound(j, false, 0),
                (true, true) => bound(j, true, 0),
                (true, false) => bound(j, true, 1),
            }
        }
        match project(system, dims) {
            Outcome::Infeasible => Projection::Empty,
            Outcome::Unknown => Projection::Unknown,
            Outcome::Feasible(range) => {
                let whole = |value: &Exact, up: bool| -> Option<i128> {
                    let (floor, exact) = exact::floor(value)?;
                    Some(if up && !exact { floor + 1 } else { floor })
                };
                match (range.first(), range.get(1)) {
                    (Some(low), Some(high)) => match (whole(low, true), whole(high, false)) {
                        (Some(low), Some(high)) if low <= high => Projection::Cells(low, high),
                        (Some(_), Some(_)) => Projection::Empty,
                        _ => Projection::Unknown,
                    },
                    _ => Projection::Unknown,
                }
            }
        }
    }

    /// The varying weights: the unknowns of the systems.
    fn varying(&self) -> Vec<usize> {
        (0..self.linear.low.len())
            .filter(|&k| self.linear.low[k] != self.linear.high[k])
            .collect()
    }

    fn dims(&self) -> usize {
        self.varying().len()
    }

    /// The weights of a solution of the varying weights.
    fn weights(&self, point: &[Exact]) -> Vec<Exact> {
        let mut weights = self.linear.low.clone();
        for (&k, value) in self.varying().iter().zip(point) {
            weights[k] = value.clone();
        }
        weights
    }

    /// The rank of i at the weights `w`, every contested place scored exactly.
    fn rank_at(&self, w: &[Exact]) -> Option<u32> {
        let w: Vec<&Exact> = w.iter().collect();
        let unit = |place: usize| -> Option<i128> {
            let mut rounded = exact::round(
                &self.linear.score(place, &w),
                self.linear.lattice.decimals,
                self.linear.lattice.rounding,
            )?;
            rounded.rescale(self.linear.lattice.decimals);
            Some(rounded.mantissa())
        };
        let own = unit(self.i)?;
        let mut above = 0u32;
        for &j in self.contested {
            if above_at(self.linear, j, self.i, unit(j)?, own) {
                above += 1;
            }
        }
        Some(1 + self.surely + above)
    }

    /// The box: each varying weight between its low and high.
    fn bounds_of_box(&self) -> Vec<Option<Inequality>> {
        let varying = self.varying();
        let dims = varying.len();
        let mut system = Vec::with_capacity(2 * dims);
        for (index, &k) in varying.iter().enumerate() {
            let mut a = vec![Exact::ZERO; dims];
            a[index] = exact::from_integer(1);
            system.push(Some(Inequality {
                a: a.clone(),
                b: -&self.linear.low[k],
                strict: false,
            }));
            a[index] = exact::from_integer(-1);
            system.push(Some(Inequality {
                a,
                b: self.linear.high[k].clone(),
                strict: false,
            }));
        }
        system
    }

    /// `s_j − s_i − c` (`s_j − c` without `i`) on `side` of 0, as an inequality in the
    /// varying weights: under `mean` times the sum of the weights (positive on the box).
    fn inequality(&self, j: usize, i: Option<usize>, c: &Exact, side: Side) -> Inequality {
        let linear = self.linear;
        let varying = self.varying();
        let difference = |k: usize| match i {
            Some(i) => exact::sub(&linear.values[j][k], &linear.values[i][k]),
            None => linear.values[j][k].clone(),
        };
        let points = match i {
            Some(i) => exact::sub(&linear.points[j], &linear.points[i]),
            None => linear.points[j].clone(),
        };
        let constant = exact::sub(&points, c);
        let mut a = vec![Exact::ZERO; varying.len()];
        let mut b = if linear.sums {
            constant.clone()
        } else {
            Exact::ZERO
        };
        for k in 0..linear.low.len() {
            let coefficient = if linear.sums {
                difference(k)
            } else {
                exact::add(&difference(k), &constant)
            };
            match varying.iter().position(|&v| v == k) {
                Some(index) => a[index] = coefficient,
                None => b = exact::add(&b, &exact::mul(&coefficient, &linear.low[k])),
            }
        }
        if side.at_least {
            Inequality {
                a,
                b,
                strict: side.strict,
            }
        } else {
            Inequality {
                a: a.iter().map(|x| -x).collect(),
                b: -&b,
                strict: side.strict,
            }
        }
    }

    /// What any weight giving the placement satisfies, without i's cell: j below i (best)
    /// means s_j < s_i, or s_j < s_i + one unit when a tie puts i first; j above i (worst)
    /// means s_j > s_i − one unit when a tie puts j first, else s_j > s_i.
    fn relaxed(&self, placed: &[usize], worst: bool) -> Vec<Option<Inequality>> {
        let unit = self.linear.lattice.unit();
        let mut system = self.bounds_of_box();
        for &j in placed {
            let favours_j = self.linear.tie[j] < self.linear.tie[self.i];
            let c = match (worst, favours_j) {
                (false, true) | (true, false) => Exact::ZERO,
                (false, false) => unit.clone(),
                (true, true) => -&unit,
            };
            system.push(Some(self.inequality(
                j,
                Some(self.i),
                &c,
                Side {
                    at_least: worst,
                    strict: true,
                },
            )));
        }
        system
    }

    /// The placement with i rounding to `m` units.
    fn in_cell(&self, placed: &[usize], m: i128, worst: bool) -> Vec<Option<Inequality>> {
        let mut system = self.bounds_of_box();
        system.push(self.rounds_at_least(self.i, m));
        system.push(self.rounds_at_most(self.i, m));
        for &j in placed {
            let favours_j = self.linear.tie[j] < self.linear.tie[self.i];
            system.push(match (worst, favours_j) {
                (false, true) => self.rounds_at_most(j, m - 1),
                (false, false) => self.rounds_at_most(j, m),
                (true, true) => self.rounds_at_least(j, m),
                (true, false) => self.rounds_at_least(j, m + 1),
            });
        }
        system
    }

    /// round(s_place) ≥ q units: s ≥ q − ½ unit, strictly when that edge rounds below q.
    fn rounds_at_least(&self, place: usize, q: i128) -> Option<Inequality> {
        let (edge, rounds_to) = self.edge(q, false)?;
        Some(self.inequality(
            place,
            None,
            &edge,
            Side {
                at_least: true,
                strict: rounds_to != q,
            },
        ))
    }

    /// round(s_place) ≤ q units: s ≤ q + ½ unit, strictly when that edge rounds above q.
    fn rounds_at_most(&self, place: usize, q: i128) -> Option<Inequality> {
        let (edge, rounds_to) = self.edge(q, true)?;
        Some(self.inequality(
            place,
            None,
            &edge,
            Side {
                at_least: false,
                strict: rounds_to != q,
            },
        ))
    }

    /// The edge of cell q (upper when `upper`) and what it rounds to, in units.
    fn edge(&self, q: i128, upper: bool) -> Option<(Exact, i128)> {
        let lattice = self.linear.lattice;
        let unit = lattice.unit();
        let half = exact::div(&unit, &exact::from_integer(2));
        let centre = exact::mul(&unit, &exact::from_integer(q));
        let edge = if upper {
            exact::add(&centre, &half)
        } else {
            exact::sub(&centre, &half)
        };
        let mut rounded: Decimal = exact::round(&edge, lattice.decimals, lattice.rounding)?;
        rounded.rescale(lattice.decimals);
        Some((edge, rounded.mantissa()))
    }
}

/// The index sets of `t` of `n` items, when there are at most `limit` of them.
fn subsets(n: usize, t: usize, limit: usize) -> Option<Vec<Vec<usize>>> {
    if t > n {
        return Some(Vec::new());
    }
    // C(n, t), stopping once past the limit.
    let mut count: u128 = 1;
    for step in 0..t {
        count = count * (n - step) as u128 / (step + 1) as u128;
        if count > limit as u128 {
            return None;
        }
    }
    let mut sets = Vec::new();
    let mut current: Vec<usize> = (0..t).collect();
    loop {
        sets.push(current.clone());
        // The next combination in lexicographic order.
        let Some(position) = (0..t).rev().find(|&p| current[p] < n - t + p) else {
            return Some(sets);
        };
        current[position] += 1;
        for next in position + 1..t {
            current[next] = current[next - 1] + 1;
        }
    }
}

/// `a·x + b > 0` (`strict`) or `≥ 0`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Inequality {
    a: Vec<Exact>,
    b: Exact,
    strict: bool,
}

/// A place's score as a linear form in the unknowns: coefficients and constant.
type ScoreForm<'a> = dyn Fn(usize) -> (Vec<Exact>, Exact) + 'a;

/// The cells a placement allows.
enum Projection {
    Empty,
    /// From the first to the last, inclusive.
    Cells(i128, i128),
    Unknown,
}

/// What a system of inequalities is.
#[derive(Debug)]
enum Outcome {
    /// A solution.
    Feasible(Vec<Exact>),
    Infeasible,
    /// Too large to decide.
    Unknown,
}

/// Solves a system in `dims` unknowns exactly: Fourier–Motzkin elimination of the last
/// unknown first (a strict inequality stays strict in every combination it enters), then a
/// solution built back from the first unknown, each set inside the interval the eliminated
/// systems leave it. `None` parts of the system (an edge that does not fit a decimal) make it
/// unknown.
fn solve(system: Vec<Option<Inequality>>, dims: usize) -> Outcome {
    let Some(system) = system.into_iter().collect::<Option<Vec<Inequality>>>() else {
        return Outcome::Unknown;
    };
    solve_system(system, dims)
}

/// The least and greatest of unknown 0 over the system's solutions (as `Feasible([least,
/// greatest])`), both closed, when the system bounds it on both sides.
fn project(system: Vec<Inequality>, dims: usize) -> Outcome {
    let levels = match eliminate(system, dims, 1) {
        Ok(levels) => levels,
        Err(outcome) => return outcome,
    };
    let (mut least, mut greatest): (Option<Exact>, Option<Exact>) = (None, None);
    for inequality in levels.last().into_iter().flatten() {
        let a = &inequality.a[0];
        if a.is_zero() {
            continue;
        }
        let limit = exact::div(&-&inequality.b, a);
        if a.is_positive() {
            least = Some(least.map_or(limit.clone(), |x| x.max(limit)));
        } else {
            greatest = Some(greatest.map_or(limit.clone(), |x| x.min(limit)));
        }
    }
    match (least, greatest) {
        (Some(least), Some(greatest)) if least <= greatest => {
            Outcome::Feasible(vec![least, greatest])
        }
        (Some(_), Some(_)) => Outcome::Infeasible,
        _ => Outcome::Unknown,
    }
}

/// The systems of Fourier–Motzkin elimination, from the given one to the one in the first
/// `keep` unknowns; `Err` when one is infeasible or too large. Computed in integers
/// ([`Integral`]), each level given back in rationals.
fn eliminate(
    system: Vec<Inequality>,
    dims: usize,
    keep: usize,
) -> Result<Vec<Vec<Inequality>>, Outcome> {
    let mut levels: Vec<Vec<Integral>> = Vec::with_capacity(dims + 1);
    let Some(first) = tidy(system.iter().map(Integral::from_rational).collect()) else {
        return Err(Outcome::Infeasible);
    };
    levels.push(first);
    for v in (keep..dims).rev() {
        let current = &levels[levels.len() - 1];
        let mut next = Vec::new();
        let (mut positive, mut negative) = (Vec::new(), Vec::new());
        for inequality in current {
            match inequality.a.get(v).map(BigInt::sign) {
                Some(Sign::Plus) => positive.push(inequality),
                Some(Sign::Minus) => negative.push(inequality),
                _ => next.push(inequality.clone()),
            }
        }
        if next.len() + positive.len() * negative.len() > MAX_INEQUALITIES {
            return Err(Outcome::Unknown);
        }
        for p in &positive {
            for n in &negative {
                // p·(−n_v) + n·p_v: the unknown v cancels; both multipliers are positive.
                let (by_p, by_n) = (-&n.a[v], &p.a[v]);
                next.push(Integral {
                    a: p.a
                        .iter()
                        .zip(&n.a)
                        .map(|(x, y)| x * &by_p + y * by_n)
                        .collect(),
                    b: &p.b * &by_p + &n.b * by_n,
                    strict: p.strict || n.strict,
                });
            }
        }
        let Some(next) = tidy(next) else {
            return Err(Outcome::Infeasible);
        };
        levels.push(next);
    }
    Ok(levels
        .iter()
        .map(|level| level.iter().map(Integral::to_rational).collect())
        .collect())
}

/// An inequality `a·x + b > 0` (`strict`) or `≥ 0` with integer coefficients, divided by
/// their greatest common divisor: the elimination's form. Combining two costs a few
/// big-integer products and one divisor for the whole inequality, where rationals reduce every
/// coefficient of every product and sum (their greatest common divisors were most of the
/// search's time on a z-score board). A positive multiple is the same inequality, so the
/// levels are those of the rationals, up to such multiples.
#[derive(Clone, Debug)]
struct Integral {
    a: Vec<BigInt>,
    b: BigInt,
    strict: bool,
}

impl Integral {
    /// The inequality times the least common multiple of its denominators.
    fn from_rational(inequality: &Inequality) -> Integral {
        let parts: Vec<(BigInt, BigInt)> = inequality
            .a
            .iter()
            .chain(std::iter::once(&inequality.b))
            .map(Exact::big_parts)
            .collect();
        let common = parts
            .iter()
            .fold(BigInt::one(), |common, (_, d)| common.lcm(d));
        let mut a: Vec<BigInt> = parts.into_iter().map(|(n, d)| n * (&common / d)).collect();
        let b = a.pop().unwrap_or_default();
        Integral {
            a,
            b,
            strict: inequality.strict,
        }
    }

    /// The same inequality in rationals.
    fn to_rational(&self) -> Inequality {
        Inequality {
            a: self
                .a
                .iter()
                .cloned()
                .map(exact::from_big_integer)
                .collect(),
            b: exact::from_big_integer(self.b.clone()),
            strict: self.strict,
        }
    }

    /// Divided by the greatest common divisor of its coefficients.
    fn primitive(mut self) -> Integral {
        let divisor = divisor_of(self.a.iter().chain(std::iter::once(&self.b)));
        if !divisor.is_one() && !divisor.is_zero() {
            for x in &mut self.a {
                *x = &*x / &divisor;
            }
            self.b = &self.b / &divisor;
        }
        self
    }
}

/// The greatest common divisor of `values` (0 when all are 0), stopping at 1.
fn divisor_of<'a>(values: impl Iterator<Item = &'a BigInt>) -> BigInt {
    let mut divisor = BigInt::zero();
    for value in values {
        divisor = divisor.gcd(value);
        if divisor.is_one() {
            break;
        }
    }
    divisor
}

fn solve_system(system: Vec<Inequality>, dims: usize) -> Outcome {
    let levels = match eliminate(system, dims, 0) {
        Ok(levels) => levels,
        Err(outcome) => return outcome,
    };
    // Back: unknown v from the system that holds unknowns 0..=v only.
    let mut point: Vec<Exact> = Vec::with_capacity(dims);
    for v in 0..dims {
        let system = &levels[dims - 1 - v];
        let mut lower: Option<(Exact, bool)> = None;
        let mut upper: Option<(Exact, bool)> = None;
        for inequality in system {
            let rest = point
                .iter()
                .zip(&inequality.a)
                .fold(inequality.b.clone(), |sum, (x, a)| {
                    exact::add(&sum, &exact::mul(x, a))
                });
            let a = &inequality.a[v];
            if a.is_zero() {
                continue;
            }
            let limit = exact::div(&-&rest, a);
            if a.is_positive() {
                // x ≥ limit
                if lower
                    .as_ref()
                    .is_none_or(|(x, strict)| limit > *x || (limit == *x && !strict))
                {
                    lower = Some((limit, inequality.strict));
                }
            } else if upper
                .as_ref()
                .is_none_or(|(x, strict)| limit < *x || (limit == *x && !strict))
            {
                upper = Some((limit, inequality.strict));
            }
        }
        let one = exact::from_integer(1);
        let value = match (lower, upper) {
            (Some((low, low_strict)), Some((high, high_strict))) => {
                if low < high {
                    exact::div(&exact::add(&low, &high), &exact::from_integer(2))
                } else if low == high && !low_strict && !high_strict {
                    low
                } else {
                    return Outcome::Unknown;
                }
            }
            (Some((low, _)), None) => exact::add(&low, &one),
            (None, Some((high, _))) => exact::sub(&high, &one),
            (None, None) => Exact::ZERO,
        };
        point.push(value);
    }
    Outcome::Feasible(point)
}

/// Divides each inequality by its coefficients' divisor, keeps the tightest of each direction
/// (the same coefficients of the unknowns up to a positive factor) and drops those without
/// unknowns; `None` when one of those fails.
fn tidy(system: Vec<Integral>) -> Option<Vec<Integral>> {
    // Each kept with its direction (the unknowns' coefficients over their divisor) and that
    // divisor: its offset is b over the divisor.
    let mut kept: Vec<(Vec<BigInt>, BigInt, Integral)> = Vec::with_capacity(system.len());
    for inequality in system {
        if inequality.a.iter().all(Zero::is_zero) {
            let holds =
                inequality.b.is_positive() || (inequality.b.is_zero() && !inequality.strict);
            if !holds {
                return None;
            }
            continue;
        }
        let inequality = inequality.primitive();
        let divisor = divisor_of(inequality.a.iter());
        let direction = if divisor.is_one() {
            inequality.a.clone()
        } else {
            inequality.a.iter().map(|x| x / &divisor).collect()
        };
        kept.push((direction, divisor, inequality));
    }
    // The tightest of one direction: the least offset, strict before not at the same offset.
    kept.sort_by(|x, y| {
        x.0.cmp(&y.0)
            .then_with(|| (&x.2.b * &y.1).cmp(&(&y.2.b * &x.1)))
            .then_with(|| y.2.strict.cmp(&x.2.strict))
    });
    kept.dedup_by(|later, first| later.0 == first.0);
    Some(
        kept.into_iter()
            .map(|(_, _, inequality)| inequality)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn ineq(a: &[i64], b: i64, strict: bool) -> Inequality {
        Inequality {
            a: a.iter().map(|&x| exact::from_integer(x)).collect(),
            b: exact::from_integer(b),
            strict,
        }
    }

    #[test]
    fn elimination_keeps_strictness_and_finds_a_solution() {
        // 0 ≤ x ≤ 1, 0 ≤ y ≤ 1, x + y ≥ 2: only (1, 1).
        let corner = vec![
            ineq(&[1, 0], 0, false),
            ineq(&[-1, 0], 1, false),
            ineq(&[0, 1], 0, false),
            ineq(&[0, -1], 1, false),
            ineq(&[1, 1], -2, false),
        ];
        match solve_system(corner.clone(), 2) {
            Outcome::Feasible(point) => {
                assert_eq!(point, vec![exact::from_integer(1), exact::from_integer(1)])
            }
            other => panic!("{other:?}"),
        }
        // x + y > 2 has none.
        let mut strict = corner;
        strict[4].strict = true;
        assert!(matches!(solve_system(strict, 2), Outcome::Infeasible));
        // x < y and y < x: none.
        let crossing = vec![ineq(&[-1, 1], 0, true), ineq(&[1, -1], 0, true)];
        assert!(matches!(solve_system(crossing, 2), Outcome::Infeasible));
    }

    #[test]
    fn subsets_are_every_combination_within_the_limit() {
        assert_eq!(
            subsets(4, 2, 10),
            Some(vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ])
        );
        assert_eq!(subsets(4, 2, 5), None);
        assert_eq!(subsets(3, 0, 1), Some(vec![vec![]]));
    }

    /// The elimination in reduced rationals, each inequality scaled to a leading coefficient
    /// of ±1: the reference the integer elimination is checked against.
    fn eliminate_in_rationals(
        system: Vec<Inequality>,
        dims: usize,
    ) -> Option<Vec<Vec<Inequality>>> {
        let mut levels = vec![tidy_in_rationals(system)?];
        for v in (0..dims).rev() {
            let current = &levels[levels.len() - 1];
            let mut next = Vec::new();
            let (mut positive, mut negative) = (Vec::new(), Vec::new());
            for inequality in current {
                if inequality.a[v].is_positive() {
                    positive.push(inequality);
                } else if inequality.a[v].is_negative() {
                    negative.push(inequality);
                } else {
                    next.push(inequality.clone());
                }
            }
            for p in &positive {
                for n in &negative {
                    let (by_p, by_n) = (-&n.a[v], p.a[v].clone());
                    next.push(Inequality {
                        a: p.a
                            .iter()
                            .zip(&n.a)
                            .map(|(x, y)| exact::add(&exact::mul(x, &by_p), &exact::mul(y, &by_n)))
                            .collect(),
                        b: exact::add(&exact::mul(&p.b, &by_p), &exact::mul(&n.b, &by_n)),
                        strict: p.strict || n.strict,
                    });
                }
            }
            levels.push(tidy_in_rationals(next)?);
        }
        Some(levels)
    }

    /// Each inequality scaled to a leading coefficient of ±1, the tightest of each direction.
    fn tidy_in_rationals(system: Vec<Inequality>) -> Option<Vec<Inequality>> {
        let mut kept = Vec::with_capacity(system.len());
        for inequality in system {
            let Some(lead) = inequality.a.iter().find(|x| !x.is_zero()) else {
                let holds =
                    inequality.b.is_positive() || (inequality.b.is_zero() && !inequality.strict);
                if !holds {
                    return None;
                }
                continue;
            };
            let scale = if lead.is_negative() {
                -lead
            } else {
                lead.clone()
            };
            kept.push(Inequality {
                a: inequality.a.iter().map(|x| exact::div(x, &scale)).collect(),
                b: exact::div(&inequality.b, &scale),
                strict: inequality.strict,
            });
        }
        kept.sort_by(|x, y| {
            x.a.cmp(&y.a)
                .then_with(|| x.b.cmp(&y.b))
                .then_with(|| y.strict.cmp(&x.strict))
        });
        kept.dedup_by(|later, first| later.a == first.a);
        Some(kept)
    }

    /// A coefficient: small integers and fractions, some moved by a 40-digit sliver as a
    /// z-score's values are.
    fn coefficient(numerator: i64, denominator: u8, sliver: i8) -> Exact {
        let denominators = [1i64, 2, 3, 20, 7];
        let base = exact::div(
            &exact::from_integer(numerator),
            &exact::from_integer(denominators[usize::from(denominator) % denominators.len()]),
        );
        let tiny = exact::from_big_parts(
            BigInt::from(sliver),
            BigInt::from(10).pow(40) + BigInt::from(3),
        );
        exact::add(&base, &tiny)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The elimination in integers gives, at every level, the inequalities of the
        /// elimination in reduced rationals (once scaled alike), and so the same outcome.
        #[test]
        fn integer_elimination_agrees_with_rationals(
            rows in proptest::collection::vec(
                (
                    proptest::collection::vec((-6i64..6, 0u8..5, -1i8..=1), 3),
                    (-12i64..12, 0u8..5, -1i8..=1),
                    any::<bool>(),
                ),
                1..9,
            ),
        ) {
            let system: Vec<Inequality> = rows
                .into_iter()
                .map(|(a, b, strict)| Inequality {
                    a: a.into_iter().map(|(n, d, s)| coefficient(n, d, s)).collect(),
                    b: coefficient(b.0, b.1, b.2),
                    strict,
                })
                .collect();
            let reference = eliminate_in_rationals(system.clone(), 3);
            match eliminate(system.clone(), 3, 0) {
                Ok(levels) => {
                    let levels: Option<Vec<Vec<Inequality>>> =
                        levels.into_iter().map(tidy_in_rationals).collect();
                    prop_assert_eq!(levels, reference);
                }
                Err(Outcome::Infeasible) => prop_assert_eq!(reference, None),
                Err(other) => prop_assert!(false, "{:?}", other),
            }
        }
    }
}
