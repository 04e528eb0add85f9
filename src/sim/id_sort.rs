//! Sorting many short ids fast: by a 12-byte prefix packed in an integer first (contiguous,
//! cheap to compare, and it touches each string once), then by the whole id only where
//! prefixes tie. Large designs sort tens of thousands of ids per analysis; comparing the
//! strings themselves (scattered in memory) dominated.

/// The first twelve bytes of `id`, big-endian, zero-padded, in the high 96 bits of a
/// `u128`, with `index` in the low 32: sorting the keys orders ids by prefix, and ids with
/// equal prefixes by index.
fn key(id: &str, index: u32) -> u128 {
    let mut bytes = [0u8; 16];
    for (b, s) in bytes.iter_mut().take(12).zip(id.bytes()) {
        *b = s;
    }
    u128::from_be_bytes(bytes) | u128::from(index)
}

/// The permutation that sorts `items` by `id`: positions into `items`, ordered by id, equal
/// ids in position order (a stable sort).
///
/// # Complexity
/// O(n log n) integer comparisons, plus string comparisons among ids sharing 12-byte
/// prefixes.
pub(crate) fn sorted_order<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<usize> {
    let text = |i: usize| items.get(i).map_or("", &id);
    match sorted_keys(items, &id) {
        Some(keys) => keys.into_iter().map(key_index).collect(),
        None => {
            // Beyond 2³² ids: a plain stable sort.
            let mut order: Vec<usize> = (0..items.len()).collect();
            order.sort_by(|&a, &b| text(a).cmp(text(b)));
            order
        }
    }
}

/// The position a sort key was made for.
fn key_index(key: u128) -> usize {
    (key & u128::from(u32::MAX)) as usize
}

/// The sort keys of `items` ([`key`]) in id order, equal ids in position order; `None`
/// beyond 2³² items.
fn sorted_keys<T>(items: &[T], id: &impl Fn(&T) -> &str) -> Option<Vec<u128>> {
    let text = |i: usize| items.get(i).map_or("", id);
    let n = u32::try_from(items.len()).ok()?;
    let mut keys: Vec<u128> = items
        .iter()
        .zip(0..n)
        .map(|(item, i)| key(id(item), i))
        .collect();
    keys.sort_unstable();
    // Runs of equal prefixes, already in index order: sort them by the whole id (stable).
    for run in keys.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
        if run.len() > 1 {
            run.sort_by(|&a, &b| text(key_index(a)).cmp(text(key_index(b))));
        }
    }
    Some(keys)
}

/// `ids` sorted, without repeats, copied: what `sort_dedup` returns for the same ids as owned
/// strings, but repeats are found from the sort keys (strings are compared only where 12-byte
/// prefixes tie) and each id kept is copied once, into a vector of its final size. A large
/// design's `unmonitored` finding lists tens of thousands of ids; every extra pass over them
/// as strings cost more than sorting them.
pub(crate) fn sorted_unique_owned(ids: &[&str]) -> Vec<String> {
    let Some(mut keys) = sorted_keys(ids, &|id: &&str| *id) else {
        return sort_dedup(ids.iter().map(|&id| id.to_owned()).collect());
    };
    let text = |k: u128| ids.get(key_index(k)).copied().unwrap_or("");
    // Equal ids have equal prefixes, so only a tie on the prefix needs the strings.
    keys.dedup_by(|later, kept| *later >> 32 == *kept >> 32 && text(*later) == text(*kept));
    let mut owned = Vec::with_capacity(keys.len());
    owned.extend(keys.into_iter().map(|k| text(k).to_owned()));
    owned
}

/// Sorts `items` by `id` in place, stably (equal ids keep their order), moving each item
/// once (large items: the report's rows are about a hundred bytes).
pub(crate) fn sort_by_id<T: Default>(items: &mut [T], id: impl Fn(&T) -> &str) {
    let order = sorted_order(items, id);
    // Item `order[k]` goes to position `k`: follow each cycle of the permutation, carrying
    // the first item of the cycle to its end.
    let mut done = vec![false; order.len()];
    for start in 0..order.len() {
        if done.get(start).copied().unwrap_or(true) {
            continue;
        }
        let Some(first) = items.get_mut(start).map(std::mem::take) else {
            continue;
        };
        let mut k = start;
        loop {
            if let Some(d) = done.get_mut(k) {
                *d = true;
            }
            let from = order.get(k).copied().unwrap_or(start);
            let item = if from == start {
                None
            } else {
                items.get_mut(from).map(std::mem::take)
            };
            let Some(item) = item else {
                if let Some(slot) = items.get_mut(k) {
                    *slot = first;
                }
                break;
            };
            if let Some(slot) = items.get_mut(k) {
                *slot = item;
            }
            k = from;
        }
    }
}

/// `ids` sorted and deduplicated (as `sort` then `dedup`).
pub(crate) fn sort_dedup(mut ids: Vec<String>) -> Vec<String> {
    if ids.is_sorted() {
        // Already in order (a rule that sorted them itself): one linear pass.
    } else if ids.len() < 32 {
        ids.sort();
    } else {
        sort_by_id(&mut ids, String::as_str);
    }
    ids.dedup();
    ids
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
        let order = sorted_order(&ids, String::as_str);
        let by_order: Vec<&String> = order.iter().filter_map(|&i| ids.get(i)).collect();
        let mut sorted: Vec<&String> = ids.iter().collect();
        sorted.sort();
        assert_eq!(by_order, sorted);
        // Stable: equal ids keep their order.
        let mut pairs: Vec<(String, usize)> = ids.iter().cloned().zip(0..).collect();
        let mut expected_pairs = pairs.clone();
        expected_pairs.sort_by(|a, b| a.0.cmp(&b.0));
        sort_by_id(&mut pairs, |p| p.0.as_str());
        assert_eq!(pairs, expected_pairs);
        let borrowed: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(sorted_unique_owned(&borrowed), expected);
        assert_eq!(sort_dedup(ids), expected);
    }
}
