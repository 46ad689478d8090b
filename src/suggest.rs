//! Did-you-mean suggestions: how alike a typo and a known word are, and the closest of several.

/// How alike a typo and a known word are, or None when they are too different to suggest.
pub fn similarity(typed: &str, known: &str) -> Option<f64> {
    let typed_lower = typed.to_lowercase();
    let distance = strsim::levenshtein(&typed_lower, known);
    let len = known.chars().count().max(typed.chars().count());
    let cjk = known.chars().any(|c| c as u32 >= 0x2E80);
    let allowed = if cjk {
        usize::from(len >= 2)
    } else if len <= 4 {
        1
    } else {
        2
    };
    let transposed = len > 2 && strsim::osa_distance(&typed_lower, known) == 1;
    if (distance > 0 && distance <= allowed) || transposed || (distance == 0 && typed != known) {
        Some(1.0 - distance as f64 / len as f64)
    } else {
        let jw = strsim::jaro_winkler(&typed_lower, known);
        (!cjk && len >= 6 && jw >= 0.92).then_some(jw - 0.1)
    }
}

/// The candidate closest to `typed`, if any is close enough to suggest.
pub fn closest<S: AsRef<str>>(typed: &str, candidates: impl IntoIterator<Item = S>) -> Option<S> {
    candidates
        .into_iter()
        .filter_map(|c| similarity(typed, c.as_ref()).map(|score| (score, c)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        assert_eq!(closest("bdy", ["title", "body", "latin"]), Some("body"));
        assert_eq!(closest("Body", ["title", "body"]), Some("body"));
        assert_eq!(closest("xyz", ["title", "body"]), None);
        assert_eq!(closest("标提", ["标题", "正文"]), Some("标题"));
    }
}
