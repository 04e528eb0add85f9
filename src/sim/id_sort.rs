//! Sorting many short ids fast: by a 16-byte prefix packed in an integer first (contiguous,
//! cheap to compare, and it touches each string once), then by the whole id only where
//! prefixes tie. Large designs sort tens of thousands of ids per analysis; comparing the
//! strings themselves (scattered in memory) dominated.

/// The first sixteen bytes of `id`, big-endian, zero-padded: orders most pairs of ids like
/// the ids themselves.
fn prefix(id: &str) -> u128 {
    let mut bytes = [0u8; 16];
    for (b, s) in bytes.iter_mut().zip(id.bytes()) {
        *b = s;
    }
    u128::from_be_bytes(bytes)
}

/// The permutation that sorts `ids`: positions into `ids`, ordered by id, equal ids in
/// position order (a stable sort).
///
/// # Complexity
/// O(n log n) integer comparisons, plus string comparisons among ids sharing 16-byte
/// prefixes.
pub(crate) fn sorted_order<S: AsRef<str>>(ids: &[S]) -> Vec<usize> {
    let mut order: Vec<(u128, usize)> = ids.iter().map(|id| prefix(id.as_ref())).zip(0..).collect();
    order.sort_unstable();
    let key = |i: usize| ids.get(i).map_or("", AsRef::as_ref);
    for run in order.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            run.sort_by(|a, b| key(a.1).cmp(key(b.1)));
        }
    }
    order.into_iter().map(|(_, i)| i).collect()
}

/// `ids` sorted and deduplicated (as `sort` then `dedup`).
pub(crate) fn sort_dedup(ids: Vec<String>) -> Vec<String> {
    if ids.len() < 32 {
        let mut ids = ids;
        ids.sort();
        ids.dedup();
        return ids;
    }
    let order = sorted_order(&ids);
    let mut slots: Vec<Option<String>> = ids.into_iter().map(Some).collect();
    let mut out: Vec<String> = Vec::with_capacity(slots.len());
    for i in order {
        if let Some(id) = slots.get_mut(i).and_then(Option::take)
            && out.last() != Some(&id)
        {
            out.push(id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_sort() {
        let mut ids: Vec<String> = (0..500)
            .map(|i| format!("c{}-web-{}", (i * 7919) % 113, i % 3))
            .collect();
        ids.push("a-very-long-identifier-sharing-a-prefix-2".to_owned());
        ids.push("a-very-long-identifier-sharing-a-prefix-1".to_owned());
        ids.push("a\0".to_owned());
        ids.push("a".to_owned());
        ids.push(String::new());
        let mut expected = ids.clone();
        expected.sort();
        expected.dedup();
        let order = sorted_order(&ids);
        let by_order: Vec<&String> = order.iter().filter_map(|&i| ids.get(i)).collect();
        let mut sorted: Vec<&String> = ids.iter().collect();
        sorted.sort();
        assert_eq!(by_order, sorted);
        assert_eq!(sort_dedup(ids), expected);
    }
}
