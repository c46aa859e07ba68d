//! Text as XML character data, for the formats this crate writes as XML by hand: the 通报's
//! WordprocessingML, the pictures' SVG and the report page's charts of rank over the periods.

/// Text as XML character data: the five special characters as entities, tabs and line breaks
/// as spaces (a run of text is one line), and the characters XML 1.0 cannot hold at all
/// (control characters a name from an export may carry; Word refuses a whole file over one)
/// as U+FFFD, shown rather than dropped without a trace.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(' '),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => escaped.push('\u{fffd}'),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn the_special_characters_become_entities_and_what_xml_forbids_a_replacement() {
        assert_eq!(
            escape("A&B <路> \"x\" 'y'\u{1}\n\u{ffff}"),
            "A&amp;B &lt;路&gt; &quot;x&quot; &apos;y&apos;\u{fffd} \u{fffd}"
        );
    }
}
