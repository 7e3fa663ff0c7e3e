//! Every write the store makes to the disk goes through here, so that a test can make the Nth
//! one fail as a full disk (ENOSPC, after writing half), a failing device (EIO) or a power loss
//! (the writes not yet synced are undone and every later operation fails) would, and check that
//! nothing acknowledged is lost and nothing half-written is seen.
//!
//! The operations counted are: opening a file to write, writing, `fdatasync`/`fsync`, setting a
//! length, creating a directory, renaming, removing and syncing a directory. Nothing is injected
//! unless [`inject`] was called on the thread that writes; a check of a thread-local costs nothing
//! beside the system call it wraps. A power loss undoes, newest first, the writes to files not
//! synced since, and the new files, new directories, renames and removals whose directory was
//! not synced since (a renamed file gets back its old name, a file it replaced its old bytes,
//! and a removed file comes back as it was).

use std::cell::RefCell;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// A failure to inject at one counted operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The disk is full: a write writes half its bytes, then fails with ENOSPC; any other
    /// operation fails with ENOSPC. Later operations succeed (space was freed).
    NoSpace,
    /// The device fails the operation with EIO, writing nothing. Later operations succeed.
    Io,
    /// Power is lost just before the operation: every write since its file was last synced is
    /// undone, and this and every later operation fail with EIO, reaching no disk.
    PowerLoss,
}

/// Bytes a write or a cut replaced, to put back if power is lost before the file is synced.
struct Undo {
    path: PathBuf,
    at: u64,
    old: Vec<u8>,
    old_len: u64,
}

/// A change a power loss undoes unless it was made durable first.
enum Change {
    /// Bytes of a file, durable once the file is synced.
    Bytes(Undo),
    /// A new file or directory, durable once its directory is synced.
    Created(PathBuf),
    /// A rename, durable once the directory of its new name is synced; `replaced` holds the
    /// bytes of the file it replaced, if it replaced one.
    Renamed {
        from: PathBuf,
        to: PathBuf,
        replaced: Option<Vec<u8>>,
    },
    /// A removed file and the bytes it held, gone for good once its directory is synced.
    Removed { path: PathBuf, bytes: Vec<u8> },
}

impl Change {
    /// Puts back what the change changed, as the disk last held it (best effort).
    fn undo(self) -> io::Result<()> {
        match self {
            Change::Bytes(undo) => put_back(&undo),
            Change::Created(path) if path.is_dir() => std::fs::remove_dir_all(path),
            Change::Created(path) => std::fs::remove_file(path),
            Change::Renamed { from, to, replaced } => {
                std::fs::rename(&to, &from)?;
                match replaced {
                    Some(bytes) => std::fs::write(&to, bytes),
                    None => Ok(()),
                }
            }
            Change::Removed { path, bytes } => std::fs::write(path, bytes),
        }
    }

    /// Whether syncing `path` makes the change durable (`dir`: a directory sync).
    fn made_durable_by(&self, path: &Path, dir: bool) -> bool {
        match self {
            Change::Bytes(undo) => !dir && undo.path == path,
            Change::Created(created) => dir && created.parent() == Some(path),
            Change::Renamed { to, .. } => dir && to.parent() == Some(path),
            Change::Removed { path: removed, .. } => dir && removed.parent() == Some(path),
        }
    }
}

struct Armed {
    fault: Fault,
    at: u64,
    count: u64,
    fired: Option<u64>,
    undo: Vec<Change>,
}

thread_local! {
    /// Per thread, so that tests running side by side do not strike each other; the store
    /// writes from the thread that appends.
    static ARMED: RefCell<Option<Armed>> = const { RefCell::new(None) };
}

/// Arms `fault` at counted operation `at` (from 1) of this process.
pub fn inject(fault: Fault, at: u64) {
    with_armed(|a| {
        *a = Some(Armed {
            fault,
            at,
            count: 0,
            fired: None,
            undo: Vec::new(),
        })
    });
}

/// Whether a fault is armed on this thread (so that its writes must stay on it to be counted).
pub fn armed() -> bool {
    with_armed(|a| a.is_some())
}

/// The number of the operation at which the injected fault struck, if it did.
pub fn fired() -> Option<u64> {
    with_armed(|a| a.as_ref().and_then(|a| a.fired))
}

fn with_armed<T>(f: impl FnOnce(&mut Option<Armed>) -> T) -> T {
    ARMED.with(|a| f(&mut a.borrow_mut()))
}

/// What to do with one operation.
enum Step {
    /// Do it.
    Go,
    /// Fail with this error, having written half (for a write under [`Fault::NoSpace`]).
    Fail(io::Error, bool),
}

fn no_space() -> io::Error {
    io::Error::from_raw_os_error(28)
}

fn device_error() -> io::Error {
    io::Error::from_raw_os_error(5)
}

/// Counts one operation and says whether it goes ahead.
fn step() -> Step {
    with_armed(|armed| match armed {
        Some(a) => strike(a),
        None => Step::Go,
    })
}

/// Counts one operation of an armed thread.
fn strike(a: &mut Armed) -> Step {
    if a.fired.is_some() {
        return match a.fault {
            Fault::PowerLoss => Step::Fail(device_error(), false),
            Fault::NoSpace | Fault::Io => Step::Go,
        };
    }
    a.count += 1;
    if a.count != a.at {
        return Step::Go;
    }
    a.fired = Some(a.count);
    match a.fault {
        Fault::NoSpace => Step::Fail(no_space(), true),
        Fault::Io => Step::Fail(device_error(), false),
        Fault::PowerLoss => {
            for change in std::mem::take(&mut a.undo).into_iter().rev() {
                // Best effort: the simulation puts the files back as the disk last held them.
                let _ = change.undo();
            }
            Step::Fail(device_error(), false)
        }
    }
}

fn put_back(undo: &Undo) -> io::Result<()> {
    let file = File::options().write(true).open(&undo.path)?;
    file.write_all_at(&undo.old, undo.at)?;
    file.set_len(undo.old_len)
}

/// Under a pending power loss, remembers what bytes `at..at + len` of `path` hold now.
fn remember(path: &Path, at: u64, len: u64) {
    with_armed(|armed| {
        if let Some(a) = armed {
            keep_old(a, path, at, len);
        }
    })
}

fn keep_old(a: &mut Armed, path: &Path, at: u64, len: u64) {
    if a.fault != Fault::PowerLoss || a.fired.is_some() {
        return;
    }
    let old_len = std::fs::metadata(path).map_or(0, |m| m.len());
    let end = at.saturating_add(len).min(old_len);
    let mut old = vec![0u8; end.saturating_sub(at) as usize];
    if !old.is_empty() {
        let _ = File::open(path).and_then(|f| f.read_exact_at(&mut old, at));
    }
    a.undo.push(Change::Bytes(Undo {
        path: path.to_path_buf(),
        at,
        old,
        old_len,
    }));
}

/// Under a pending power loss, remembers a change to a directory's entries.
fn remember_entry(change: impl FnOnce() -> Change) {
    with_armed(|armed| {
        if let Some(a) = armed.as_mut()
            && a.fault == Fault::PowerLoss
            && a.fired.is_none()
        {
            a.undo.push(change());
        }
    })
}

/// A file synced (or, with `dir`, a directory): its writes (its entries) survive a power loss.
fn synced(path: &Path, dir: bool) {
    with_armed(|armed| {
        if let Some(a) = armed {
            a.undo.retain(|c| !c.made_durable_by(path, dir));
        }
    })
}

fn simple(op: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
    match step() {
        Step::Go => op(),
        Step::Fail(e, _) => Err(e),
    }
}

/// Opens `path` to write (and read), creating it if `create`; `truncate` empties it.
pub fn open(path: &Path, create: bool, truncate: bool) -> io::Result<File> {
    if let Step::Fail(e, _) = step() {
        return Err(e);
    }
    if truncate {
        remember(path, 0, u64::MAX / 2);
    }
    if create && !path.exists() {
        remember_entry(|| Change::Created(path.to_path_buf()));
    }
    File::options()
        .read(true)
        .write(true)
        .create(create)
        .truncate(truncate)
        .open(path)
}

/// Writes all of `bytes` at `at` of `file` (which is at `path`).
pub fn write_at(file: &File, path: &Path, bytes: &[u8], at: u64) -> io::Result<()> {
    match step() {
        Step::Go => {
            remember(path, at, bytes.len() as u64);
            file.write_all_at(bytes, at)
        }
        Step::Fail(e, half) => {
            if half {
                file.write_all_at(&bytes[..bytes.len() / 2], at)?;
            }
            Err(e)
        }
    }
}

/// `fdatasync`.
pub fn sync_data(file: &File, path: &Path) -> io::Result<()> {
    simple(|| file.sync_data())?;
    synced(path, false);
    Ok(())
}

/// `fsync`.
pub fn sync_all(file: &File, path: &Path) -> io::Result<()> {
    simple(|| file.sync_all())?;
    synced(path, false);
    Ok(())
}

/// Sets `file`'s length.
pub fn set_len(file: &File, path: &Path, len: u64) -> io::Result<()> {
    simple(|| {
        remember(path, len, u64::MAX / 2);
        file.set_len(len)
    })
}

/// Creates a directory and its parents.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    simple(|| {
        let new: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
        for created in new.into_iter().rev() {
            remember_entry(|| Change::Created(created.to_path_buf()));
        }
        std::fs::create_dir_all(dir)
    })
}

/// Renames a file or directory.
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    simple(|| {
        remember_entry(|| Change::Renamed {
            from: from.to_path_buf(),
            to: to.to_path_buf(),
            replaced: std::fs::read(to).ok(),
        });
        std::fs::rename(from, to)
    })
}

/// Removes a file.
pub fn remove_file(path: &Path) -> io::Result<()> {
    simple(|| {
        remember_entry(|| Change::Removed {
            path: path.to_path_buf(),
            bytes: std::fs::read(path).unwrap_or_default(),
        });
        std::fs::remove_file(path)
    })
}

/// Persists a directory's entries (a new or renamed file in it).
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    simple(|| File::open(dir)?.sync_all())?;
    synced(dir, true);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test, since the seam is per process: each fault strikes at its operation only, and a
    /// power loss undoes exactly the writes not yet synced.
    #[test]
    fn faults_strike_where_armed_and_a_power_loss_keeps_only_what_was_synced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        inject(Fault::NoSpace, 2);
        let file = open(&path, true, false).unwrap();
        let err = write_at(&file, &path, b"abcd", 0).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(28));
        assert_eq!(std::fs::read(&path).unwrap(), b"ab");
        assert_eq!(fired(), Some(2));
        write_at(&file, &path, b"abcd", 0).unwrap();

        inject(Fault::PowerLoss, 5);
        let file = open(&path, false, false).unwrap();
        write_at(&file, &path, b"synced", 0).unwrap();
        sync_data(&file, &path).unwrap();
        write_at(&file, &path, b"-lost-", 6).unwrap();
        assert!(sync_data(&file, &path).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"synced");
        assert!(write_at(&file, &path, b"x", 0).is_err());
        assert_eq!(fired(), Some(5));

        // A rename and a new file whose directory was not synced are undone; a rename whose
        // directory was synced stands.
        let sub = dir.path().join("sub");
        inject(Fault::PowerLoss, 8);
        create_dir_all(&sub).unwrap();
        sync_dir(dir.path()).unwrap();
        let (new, kept) = (sub.join("new"), sub.join("kept"));
        std::fs::write(&new, b"new").unwrap();
        rename(&new, &kept).unwrap();
        sync_dir(&sub).unwrap();
        let f = open(&sub.join("g"), true, false).unwrap();
        sync_all(&f, &sub.join("g")).unwrap();
        rename(&kept, &path).unwrap();
        assert!(sync_dir(&sub).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"synced");
        assert_eq!(std::fs::read(&kept).unwrap(), b"new");
        assert!(!sub.join("g").exists());
        assert!(sub.exists());

        // A removal whose directory was not synced is undone, with the file's bytes as they
        // were; one whose directory was synced stands.
        let (gone, back) = (dir.path().join("gone"), dir.path().join("back"));
        std::fs::write(&gone, b"gone").unwrap();
        std::fs::write(&back, b"back").unwrap();
        inject(Fault::PowerLoss, 4);
        remove_file(&gone).unwrap();
        sync_dir(dir.path()).unwrap();
        remove_file(&back).unwrap();
        assert!(sync_dir(dir.path()).is_err());
        assert!(!gone.exists());
        assert_eq!(std::fs::read(&back).unwrap(), b"back");
        with_armed(|a| *a = None);
    }
}
