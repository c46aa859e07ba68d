//! What can be wrong in a bulletin template (the 通报's text, see the guide, "The 通报").

/// A template the bulletin cannot follow; the error's location names the template's line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TemplateProblem {
    /// A `{placeholder}` the bulletin does not fill where it stands.
    #[error("unknown placeholder '{name}'{}", known_list(.known))]
    UnknownPlaceholder {
        /// The placeholder as written.
        name: String,
        /// The placeholders known at that point.
        known: Vec<String>,
    },
    /// `{each LIST}` or `@each LIST` (or `@if LIST`) naming no list.
    #[error("unknown list '{name}'{}", known_list(.known))]
    UnknownList {
        /// The list as written.
        name: String,
        /// The lists known at that point.
        known: Vec<String>,
    },
    /// A `{` without its `}` on the line.
    #[error(
        "placeholder '{{{text}' is not closed with '}}' on its line (write '{{{{' for a brace)"
    )]
    UnclosedPlaceholder {
        /// The text after the brace.
        text: String,
    },
    /// A lone `}` (write `}}` for a brace).
    #[error("'}}' closes no placeholder (write '}}}}' for a brace)")]
    UnopenedBrace,
    /// `{end}` or `@end` with no `{each}`, `@each` or `@if` open.
    #[error("'{directive}' closes nothing")]
    UnopenedEnd {
        /// `{end}` or `@end`.
        directive: String,
    },
    /// `{each LIST}`, `@each LIST` or `@if LIST` never closed.
    #[error("'{directive}' is never closed with '{end}'")]
    UnclosedEach {
        /// The opening, as written.
        directive: String,
        /// What closes it: `{end}` within its paragraph, `@end` on a line of its own.
        end: String,
    },
    /// A line starting with `@` that is none of `@each`, `@if`, `@end`, `@table`.
    #[error("unknown directive '{directive}' (expected @each LIST, @if LIST, @end or @table)")]
    UnknownDirective {
        /// The line's first word.
        directive: String,
    },
    /// `@table` outside an `@each boards` block: only a board has a table.
    #[error("'@table' stands outside '@each boards'")]
    TableOutsideBoards,
    /// `{each LIST sep=…}` with something else than a quoted separator.
    #[error("'{text}': expected {{each LIST}} or {{each LIST sep=\"…\"}}")]
    BadEach {
        /// The opening as written.
        text: String,
    },
    /// The settings between the `+++` lines are not valid.
    #[error("settings: {message}")]
    Settings {
        /// What is wrong, as the TOML reader says it.
        message: String,
    },
    /// A `+++` line opening settings that no `+++` line closes.
    #[error("settings opened with '+++' are never closed with '+++'")]
    UnclosedSettings,
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        String::new()
    } else {
        format!(" (known here: {})", known.join(", "))
    }
}
