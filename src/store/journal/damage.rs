//! Telling damage from a write cut short, in the bytes after a journal's last sound record
//! (`docs/FORMAT.md` section 10, "Damage"): what a crash can leave there, and what only damage
//! to a journal written whole can.

use super::{GROWTH, RECORD_MAGIC, checked, checksum};

/// The sector size by which a write cut short by a power loss may be missing.
pub const SECTOR: u64 = 512;
/// How many zero bytes a record may end with (a payload ends with a count, then node hashes).
pub const TRAILING_ZEROS: usize = 8;

/// Why a journal of `len` bytes whose records end at `at` (the bytes after them being `rest`)
/// was cut short, if it was. The file grows in steps of [`GROWTH`] made durable before a record
/// goes there, so a length between two steps is a growth interrupted, harmless only if all the
/// bytes past the last whole step are zeros and no record reaches them.
pub fn cut_between_steps(len: u64, rest: &[u8], at: u64) -> Option<String> {
    let whole_steps = len - len % GROWTH;
    let past_steps = &rest[whole_steps.saturating_sub(at).min(rest.len() as u64) as usize..];
    if !len.is_multiple_of(GROWTH) && (at > whole_steps || past_steps.iter().any(|&b| b != 0)) {
        return Some(format!(
            "the file is {len} bytes, not a multiple of its {GROWTH}-byte growth step, and records \
             reach past byte {whole_steps}: it was cut short"
        ));
    }
    None
}

/// Why the last record was cut off by the end of the file, if it was: a record is never written
/// past the end of the file (the file grows first), so one whose marker is there and whose length
/// goes past the end lost its tail after it was written.
pub fn cut_inside_record(rest: &[u8]) -> Option<String> {
    let declared = rest
        .strip_prefix(RECORD_MAGIC)
        .and_then(|r| r.get(..8))
        .and_then(|l| l.try_into().ok())
        .map(u64::from_le_bytes);
    match declared {
        Some(payload) if payload.saturating_add(44) > rest.len() as u64 => Some(format!(
            "the last record says it is {} bytes, and the file ends {} bytes after its start: \
             the journal was cut short",
            payload.saturating_add(44),
            rest.len()
        )),
        _ => None,
    }
}

/// Whether the failing bytes `rest` (at offset `at` of the file) are a whole record that was
/// damaged, not one a crash cut short. A write cut short loses whole sectors, leaving zeros where
/// the record was to be; a whole record damaged afterwards has something of itself in every
/// sector it spans. So it is damage if the record is sound but for its marker, or but for its
/// length (a checksum holds over the bytes up to where the record ends), or if its marker is
/// there, nothing follows it and none of its sectors is zeros: it ends where its nonzero bytes
/// end (within [`TRAILING_ZEROS`]), or its nonzero bytes reach into its last sector, so that
/// zeros between them and its end were written there, not left by a sector that never came.
pub fn written_whole(rest: &[u8], at: u64) -> bool {
    let Some(last) = rest.iter().rposition(|&b| b != 0) else {
        return false;
    };
    let end = last + 1;
    if rest.len() > 4 && checked(&rest[4..]).is_some() {
        return true;
    }
    let Some(sum) = rest.get(12..44) else {
        return false;
    };
    let ends = end.max(44)..=(end + TRAILING_ZEROS).min(rest.len());
    if ends.into_iter().any(|e| checksum(&rest[44..e]) == sum) {
        return true;
    }
    let Some(len) = rest[4..12].try_into().ok().map(u64::from_le_bytes) else {
        return false;
    };
    let Some(record_end) = usize::try_from(len).ok().and_then(|l| l.checked_add(44)) else {
        return false;
    };
    let whole = rest.starts_with(RECORD_MAGIC) && record_end <= rest.len() && end <= record_end;
    let last_sector_written = record_end - end <= TRAILING_ZEROS
        || (at + end as u64 - 1) / SECTOR == (at + record_end as u64 - 1) / SECTOR;
    whole && last_sector_written && !has_zero_sector(rest, at, record_end)
}

/// Whether a whole sector of the file, inside `rest[..end]`, is zeros.
fn has_zero_sector(rest: &[u8], at: u64, end: usize) -> bool {
    let first = at.next_multiple_of(SECTOR) - at;
    (first..)
        .step_by(SECTOR as usize)
        .take_while(|&s| s + SECTOR <= end as u64)
        .any(|s| {
            rest[s as usize..(s + SECTOR) as usize]
                .iter()
                .all(|&b| b == 0)
        })
}

/// Whether a sound record starts anywhere in `bytes` after its first byte.
pub fn sound_record_after(bytes: &[u8]) -> bool {
    (1..bytes.len()).any(|at| {
        bytes[at..]
            .strip_prefix(RECORD_MAGIC)
            .and_then(checked)
            .is_some()
    })
}
