//! What a template may name: the placeholders and lists of each scope (the root, and the item
//! of each list), the one table the template parser checks against and the bulletin fills.

/// Where a placeholder stands: at the root, or within an item of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    Root,
    Channel,
    Type,
    Topic,
    Place,
    Board,
    Unit,
    Streak,
    Open,
}

/// Each scope's fields and its lists (with their items' scope).
fn of(scope: Scope) -> (&'static [&'static str], &'static [(&'static str, Scope)]) {
    match scope {
        Scope::Root => (
            &[
                "title",
                "month",
                "previous_month",
                "unit",
                "total",
                "total_previous",
                "total_change",
                "open_total",
            ],
            &[
                ("channels", Scope::Channel),
                ("types", Scope::Type),
                ("topics", Scope::Topic),
                ("places", Scope::Place),
                ("boards", Scope::Board),
                ("open", Scope::Open),
            ],
        ),
        Scope::Channel => (&["name", "count", "previous", "change", "share"], &[]),
        Scope::Type => (
            &["name", "channel", "count", "previous", "change", "share"],
            &[],
        ),
        Scope::Topic => (
            &["name", "channel", "count", "change", "share"],
            &[("places", Scope::Place)],
        ),
        Scope::Place => (&["name", "count"], &[]),
        Scope::Board => (
            &[
                "title", "basis", "ranked", "average", "above", "below", "unranked",
            ],
            &[
                ("top", Scope::Unit),
                ("bottom", Scope::Unit),
                ("streaks", Scope::Streak),
            ],
        ),
        Scope::Unit => (&["name", "rank", "score", "change"], &[]),
        Scope::Streak => (&["name", "flag", "list", "periods"], &[]),
        Scope::Open => (&["name", "count", "share"], &[]),
    }
}

/// Whether `name` is a placeholder known within `scopes` (innermost last).
pub(super) fn field(name: &str, scopes: &[Scope]) -> bool {
    scopes.iter().any(|&scope| of(scope).0.contains(&name))
}

/// The scope of the items of list `name` known within `scopes`, the innermost first.
pub(super) fn list(name: &str, scopes: &[Scope]) -> Option<Scope> {
    scopes.iter().rev().find_map(|&scope| {
        of(scope)
            .1
            .iter()
            .find(|(list, _)| *list == name)
            .map(|&(_, inner)| inner)
    })
}

/// The placeholders known within `scopes`, the innermost first, for messages.
pub(super) fn fields(scopes: &[Scope]) -> Vec<String> {
    names(scopes, |scope| of(scope).0.to_vec())
}

/// The lists known within `scopes`, the innermost first, for messages.
pub(super) fn lists(scopes: &[Scope]) -> Vec<String> {
    names(scopes, |scope| {
        of(scope).1.iter().map(|(name, _)| *name).collect()
    })
}

fn names(scopes: &[Scope], of_scope: impl Fn(Scope) -> Vec<&'static str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for &scope in scopes.iter().rev() {
        for name in of_scope(scope) {
            if !names.iter().any(|known| known == name) {
                names.push(name.to_owned());
            }
        }
    }
    names
}
