//! A compact id → index table for the flow graph: every id copied once into one string (no
//! allocation per id) and an open-addressing hash table of indices into it.
//!
//! Built once per design from the component ids; looked up for every link end. Of equal ids,
//! the first keeps its index (as `entry(..).or_insert(..)` would).

use std::collections::VecDeque;

/// Slot marker for an empty slot.
const EMPTY: u32 = u32::MAX;

/// An id → index table over a fixed list of ids.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct IdIndex {
    /// Every id, concatenated in index order.
    text: String,
    /// Id `i` is `text[ends[i]..ends[i + 1]]`.
    ends: Vec<usize>,
    /// Open-addressing slots (linear probing): `(index, hash tag)`, `EMPTY` index when free.
    /// The length is a power of two at least twice the number of ids.
    slots: Vec<(u32, u32)>,
}

/// A fast, deterministic hash of a short id, eight bytes at a time, with splitmix64's
/// finaliser (the table uses the low bits for the slot and the high bits as a tag). Ids are
/// not attacker-controlled; SipHash dominated graph building on large designs.
fn hash(id: &str) -> u64 {
    let bytes = id.as_bytes();
    let len = bytes.len();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (len as u64);
    let mut mix = |word: u64| {
        h = (h ^ word)
            .wrapping_mul(0x0100_0000_01b3_0001)
            .rotate_left(29);
    };
    if len >= 8 {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            mix(le64(chunk));
        }
        if !chunks.remainder().is_empty() {
            // The last eight bytes, overlapping the previous chunk.
            mix(le64(bytes.get(len - 8..).unwrap_or(&[])));
        }
    } else if len >= 4 {
        let lo = le32(bytes.get(..4).unwrap_or(&[]));
        let hi = le32(bytes.get(len - 4..).unwrap_or(&[]));
        mix(lo | (hi << 32));
    } else {
        let word = bytes.iter().fold(0u64, |w, &b| (w << 8) | u64::from(b));
        mix(word);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The first eight bytes of `b`, little-endian (zero if shorter).
fn le64(b: &[u8]) -> u64 {
    b.first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w))
}

/// The first four bytes of `b`, little-endian (zero if shorter).
fn le32(b: &[u8]) -> u64 {
    b.first_chunk::<4>()
        .map_or(0, |w| u64::from(u32::from_le_bytes(*w)))
}

/// The slot a hash starts probing at, and its tag.
fn split(h: u64, mask: usize) -> (usize, u32) {
    ((h as usize) & mask, (h >> 32) as u32)
}

impl IdIndex {
    /// The table of `ids`, indexed in iteration order.
    ///
    /// # Complexity
    /// O(total length of the ids), one allocation per internal vector.
    pub(crate) fn new<'a>(ids: impl ExactSizeIterator<Item = &'a str> + Clone) -> Self {
        let count = ids.len();
        let total: usize = ids.clone().map(str::len).sum();
        let mut index = Self {
            text: String::with_capacity(total),
            ends: Vec::with_capacity(count + 1),
            slots: vec![(EMPTY, 0); (count * 2).max(8).next_power_of_two()],
        };
        index.ends.push(0);
        let mask = index.slots.len() - 1;
        for (i, id) in ids.enumerate() {
            index.text.push_str(id);
            index.ends.push(index.text.len());
            let Some(value) = u32::try_from(i).ok().filter(|&v| v != EMPTY) else {
                continue;
            };
            let (mut slot, tag) = split(hash(id), mask);
            while let Some(&(at, at_tag)) = index.slots.get(slot) {
                if at == EMPTY {
                    if let Some(s) = index.slots.get_mut(slot) {
                        *s = (value, tag);
                    }
                    break;
                }
                if at_tag == tag && index.id(at as usize) == id {
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        index
    }

    /// Id number `i`.
    fn id(&self, i: usize) -> &str {
        let lo = self.ends.get(i).copied().unwrap_or(0);
        let hi = self.ends.get(i + 1).copied().unwrap_or(lo);
        self.text.get(lo..hi).unwrap_or("")
    }

    /// The index of `id` (the first, if it occurs more than once).
    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let (slot, tag) = split(hash(id), mask);
        self.probe(id, slot, tag)
    }

    /// [`IdIndex::get`] for many ids, appended to `out` as `u32` (`u32::MAX`: not found).
    ///
    /// Looks ids up in batches: the hash table slots of a whole batch are read before any is
    /// inspected, so the cache misses of a large table overlap instead of queueing. An id
    /// equal to the one `stride` places before it (with the two ends of links interleaved,
    /// `stride` 2: links drawn from one component in a row) reuses its answer.
    pub(crate) fn get_many<'a>(
        &self,
        ids: impl Iterator<Item = &'a str>,
        stride: usize,
        out: &mut Vec<u32>,
    ) {
        const BATCH: usize = 32;
        if self.slots.is_empty() {
            out.extend(ids.map(|_| EMPTY));
            return;
        }
        let mask = self.slots.len() - 1;
        let mut keys: [&str; BATCH] = [""; BATCH];
        let mut starts = [(0usize, 0u32); BATCH];
        let mut first = [(EMPTY, 0u32); BATCH];
        let mut repeat = [false; BATCH];
        // The last `stride` ids, most recent last.
        let mut recent: VecDeque<&str> = VecDeque::with_capacity(stride);
        let base = out.len();
        let mut ids = ids.peekable();
        while ids.peek().is_some() {
            let mut len = 0;
            for ((key, again), id) in keys.iter_mut().zip(&mut repeat).zip(ids.by_ref()) {
                *key = id;
                *again = recent.len() == stride && recent.front() == Some(&id);
                if stride > 0 {
                    if recent.len() == stride {
                        recent.pop_front();
                    }
                    recent.push_back(id);
                }
                len += 1;
            }
            for ((start, key), &again) in starts.iter_mut().zip(&keys).zip(&repeat).take(len) {
                if !again {
                    *start = split(hash(key), mask);
                }
            }
            for ((f, &(slot, _)), &again) in first.iter_mut().zip(&starts).zip(&repeat).take(len) {
                if !again {
                    *f = self.slots.get(slot).copied().unwrap_or((EMPTY, 0));
                }
            }
            for (((key, &(slot, tag)), &(at, at_tag)), &again) in
                keys.iter().zip(&starts).zip(&first).zip(&repeat).take(len)
            {
                if again
                    && let Some(&earlier) = out
                        .len()
                        .checked_sub(stride)
                        .filter(|&i| i >= base)
                        .and_then(|i| out.get(i))
                {
                    out.push(earlier);
                    continue;
                }
                let found = if at == EMPTY {
                    None
                } else if at_tag == tag && self.id(at as usize) == *key {
                    Some(at as usize)
                } else {
                    self.probe(key, slot, tag)
                };
                out.push(found.and_then(|v| u32::try_from(v).ok()).unwrap_or(EMPTY));
            }
        }
    }

    /// Linear probing for `id` from `slot`.
    fn probe(&self, id: &str, mut slot: usize, tag: u32) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        loop {
            let &(at, at_tag) = self.slots.get(slot)?;
            if at == EMPTY {
                return None;
            }
            if at_tag == tag && self.id(at as usize) == id {
                return Some(at as usize);
            }
            slot = (slot + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_id_and_keeps_the_first_of_duplicates() {
        let ids: Vec<String> = (0..1000).map(|i| format!("c{i}-web-{}", i % 7)).collect();
        let mut all: Vec<&str> = ids.iter().map(String::as_str).collect();
        all.push("c3-web-3");
        all.push("");
        let index = IdIndex::new(all.iter().copied());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i));
        }
        assert_eq!(index.get(""), Some(1001));
        assert_eq!(index.get("c3-web-4"), None);
        assert_eq!(index.get("c3-web-3/nginx"), None);
        assert_eq!(IdIndex::default().get("x"), None);
    }
}
