//! Compact id tables: [`IdList`] keeps many ids in one string (no allocation per id),
//! [`IdSlots`] is an open-addressing hash table of indices into an [`IdList`], and
//! [`IdIndex`] is the two together.
//!
//! The flow graph builds an [`IdIndex`] of the component ids once per design and looks it up
//! for every link end; the traffic report keeps its row ids in an [`IdList`] and hashes them
//! only when looked up. Of equal ids, the first keeps its index (as `entry(..).or_insert(..)`
//! would).

use std::collections::VecDeque;

/// Slot marker for an empty slot.
const EMPTY: u32 = u32::MAX;

/// Many short ids in one string, in push order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdList {
    /// Every id, concatenated in index order.
    text: String,
    /// Id `i` is `text[ends[i]..ends[i + 1]]`; `ends[0]` is 0.
    ends: Vec<u32>,
}

impl Default for IdList {
    fn default() -> Self {
        Self {
            text: String::new(),
            ends: vec![0],
        }
    }
}

impl IdList {
    /// An empty list with room for `ids` ids of `bytes` bytes in all.
    pub(crate) fn with_capacity(ids: usize, bytes: usize) -> Self {
        let mut ends = Vec::with_capacity(ids + 1);
        ends.push(0);
        Self {
            text: String::with_capacity(bytes),
            ends,
        }
    }

    /// Appends the id made of `parts`, concatenated (`["server-1", "/", "nginx"]`).
    ///
    /// Beyond 4 GiB of text in all, further ids read as empty.
    pub(crate) fn push(&mut self, parts: &[&str]) {
        let total: usize = parts.iter().map(|p| p.len()).sum();
        if let Ok(end) = u32::try_from(self.text.len() + total) {
            for part in parts {
                self.text.push_str(part);
            }
            self.ends.push(end);
        } else {
            let last = self.ends.last().copied().unwrap_or(0);
            self.ends.push(last);
        }
    }

    /// Total length of the ids, bytes.
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Number of ids.
    pub(crate) fn len(&self) -> usize {
        self.ends.len().saturating_sub(1)
    }

    /// Id number `i` (empty if there is none).
    pub(crate) fn get(&self, i: usize) -> &str {
        let lo = self.ends.get(i).copied().unwrap_or(0) as usize;
        let hi = self.ends.get(i + 1).map_or(lo, |&e| e as usize);
        self.text.get(lo..hi).unwrap_or("")
    }

    /// The ids in index order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        self.ends.windows(2).map(|w| match *w {
            [lo, hi] => self.text.get(lo as usize..hi as usize).unwrap_or(""),
            _ => "",
        })
    }
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

/// An open-addressing hash table (linear probing) of the indices of an [`IdList`]'s ids.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct IdSlots {
    /// An id's index in the low `index_bits` bits and the high bits of its hash tag above
    /// them (four bytes a slot, so that the table of a large design stays in cache), `EMPTY`
    /// when free. The length is a power of two at least twice the number of ids (zero for an
    /// empty table).
    slots: Vec<u32>,
    /// Bits of a slot that hold the index: enough for every index and one more value, so a
    /// slot is never all ones.
    index_bits: u32,
}

impl IdSlots {
    /// The table of the ids of `ids`.
    ///
    /// # Complexity
    /// O(total length of the ids), one allocation.
    pub(crate) fn new(ids: &IdList) -> Self {
        let mut table = Self {
            slots: vec![EMPTY; (ids.len() * 2).max(8).next_power_of_two()],
            index_bits: (u64::BITS - (ids.len() as u64).leading_zeros()).max(1),
        };
        let mask = table.slots.len() - 1;
        for (i, id) in ids.iter().enumerate() {
            let Some(value) = u32::try_from(i).ok().filter(|&v| v != EMPTY) else {
                continue;
            };
            let (mut slot, tag) = split(hash(id), mask);
            let tag = table.short_tag(tag);
            while let Some(&at) = table.slots.get(slot) {
                if at == EMPTY {
                    let packed = table.pack(value, tag);
                    if let Some(s) = table.slots.get_mut(slot) {
                        *s = packed;
                    }
                    break;
                }
                if table.holds(ids, at, tag, id) {
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        table
    }

    /// The part of a hash tag a slot keeps.
    fn short_tag(&self, tag: u32) -> u32 {
        u32::try_from(u64::from(tag) >> self.index_bits).unwrap_or(0)
    }

    /// The slot of index `index` with short tag `tag`.
    fn pack(&self, index: u32, tag: u32) -> u32 {
        let packed = (u64::from(tag) << self.index_bits) | u64::from(index);
        u32::try_from(packed & u64::from(u32::MAX)).unwrap_or(EMPTY)
    }

    /// The index in occupied slot `at`.
    fn index_in(&self, at: u32) -> usize {
        (u64::from(at) & ((1u64 << self.index_bits) - 1)) as usize
    }

    /// Whether occupied slot `at` holds `id` (short tag `tag`).
    fn holds(&self, ids: &IdList, at: u32, tag: u32, id: &str) -> bool {
        u64::from(at) >> self.index_bits == u64::from(tag) && ids.get(self.index_in(at)) == id
    }

    /// The index of `id` in `ids` (the list the table was built from; the first, if `id`
    /// occurs more than once).
    pub(crate) fn get(&self, ids: &IdList, id: &str) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let (slot, tag) = split(hash(id), mask);
        self.probe(ids, id, slot, self.short_tag(tag))
    }

    /// [`IdSlots::get`] for many ids, appended to `out` as `u32` (`u32::MAX`: not found).
    ///
    /// Looks ids up in batches: the hash table slots of a whole batch are read before any is
    /// inspected, so the cache misses of a large table overlap instead of queueing. An id
    /// equal to the one `stride` places before it (with the two ends of links interleaved,
    /// `stride` 2: links drawn from one component in a row) reuses its answer.
    pub(crate) fn get_many<'a>(
        &self,
        ids: &IdList,
        keys_in: impl Iterator<Item = &'a str>,
        stride: usize,
        out: &mut Vec<u32>,
    ) {
        const BATCH: usize = 32;
        let Some(mask) = self.slots.len().checked_sub(1) else {
            out.extend(keys_in.map(|_| EMPTY));
            return;
        };
        let mut keys: [&str; BATCH] = [""; BATCH];
        let mut starts = [(0usize, 0u32); BATCH];
        let mut first = [EMPTY; BATCH];
        let mut repeat = [false; BATCH];
        // The last `stride` ids, most recent last.
        let mut recent: VecDeque<&str> = VecDeque::with_capacity(stride);
        let base = out.len();
        let mut keys_in = keys_in.peekable();
        while keys_in.peek().is_some() {
            let mut len = 0;
            for ((key, again), id) in keys.iter_mut().zip(&mut repeat).zip(keys_in.by_ref()) {
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
                    let (slot, tag) = split(hash(key), mask);
                    *start = (slot, self.short_tag(tag));
                }
            }
            for ((f, &(slot, _)), &again) in first.iter_mut().zip(&starts).zip(&repeat).take(len) {
                if !again {
                    *f = self.slots.get(slot).copied().unwrap_or(EMPTY);
                }
            }
            for (((key, &(slot, tag)), &at), &again) in
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
                } else if self.holds(ids, at, tag, key) {
                    Some(self.index_in(at))
                } else {
                    self.probe(ids, key, slot, tag)
                };
                out.push(found.and_then(|v| u32::try_from(v).ok()).unwrap_or(EMPTY));
            }
        }
    }

    /// Linear probing for `id` from `slot`.
    fn probe(&self, ids: &IdList, id: &str, mut slot: usize, tag: u32) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        loop {
            let &at = self.slots.get(slot)?;
            if at == EMPTY {
                return None;
            }
            if self.holds(ids, at, tag, id) {
                return Some(self.index_in(at));
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// An id → index table over a fixed list of ids: an [`IdList`] with its [`IdSlots`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct IdIndex {
    ids: IdList,
    slots: IdSlots,
}

impl IdIndex {
    /// The table of the ids of `ids`, indexed in list order.
    pub(crate) fn from_list(ids: IdList) -> Self {
        let slots = IdSlots::new(&ids);
        Self { ids, slots }
    }

    /// The ids, in index order.
    pub(crate) fn ids(&self) -> &IdList {
        &self.ids
    }

    /// The index of `id` (the first, if it occurs more than once).
    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        self.slots.get(&self.ids, id)
    }

    /// [`IdSlots::get_many`] over this table's ids.
    pub(crate) fn get_many<'a>(
        &self,
        ids: impl Iterator<Item = &'a str>,
        stride: usize,
        out: &mut Vec<u32>,
    ) {
        self.slots.get_many(&self.ids, ids, stride, out);
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
        let mut list = IdList::default();
        for id in &all {
            list.push(&[id]);
        }
        let index = IdIndex::from_list(list);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i));
        }
        assert_eq!(index.get(""), Some(1001));
        assert_eq!(index.get("c3-web-4"), None);
        assert_eq!(index.get("c3-web-3/nginx"), None);
        assert_eq!(IdIndex::default().get("x"), None);
        // Ids sharing a long prefix.
        let long = [
            "a-long-identifier-1",
            "a-long-identifier-2",
            "a-long-identifier",
        ];
        let mut list = IdList::default();
        for id in long {
            list.push(&[id]);
        }
        let table = IdIndex::from_list(list);
        for (i, id) in long.iter().enumerate() {
            assert_eq!(table.get(id), Some(i));
        }
        assert_eq!(table.get("a-long-identifier-3"), None);
        assert_eq!(table.get("a-long-identif"), None);
        assert_eq!(index.ids().len(), 1002);
        assert_eq!(index.ids().get(1002), "");
        let mut out = Vec::new();
        index.get_many(
            ["c1-web-1", "c3-web-4", "c1-web-1", ""].into_iter(),
            2,
            &mut out,
        );
        assert_eq!(out, [1, u32::MAX, 1, 1001]);
    }
}
