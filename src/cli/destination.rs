//! Writing a file a command was told to write (`export FILE`, `report --out FILE`): whole or
//! not at all, through a symbolic link to the file it names, and into a device as it is.

use super::error::CliError;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Writes what `fill` writes to `path`. A regular file, or a name where nothing is yet, gets a
/// temporary file beside it, renamed into place once written and synced, so that a failure
/// leaves what was there. A symbolic link is followed: the file it names is replaced and the
/// link stays a link. A device or a pipe (`/dev/stdout`) cannot be replaced: it is written into.
pub fn write(
    path: &Path,
    fill: impl FnOnce(&mut File) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let cannot = |e: std::io::Error| CliError::new(format!("cannot write {}: {e}", path.display()));
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    match std::fs::metadata(&real) {
        Ok(m) if m.is_dir() => Err(CliError::new(format!(
            "cannot write {}: it is a directory",
            path.display()
        ))),
        Ok(m) if !m.is_file() => {
            let mut device = std::fs::OpenOptions::new()
                .write(true)
                .open(&real)
                .map_err(cannot)?;
            fill(&mut device)
        }
        _ => replace(&real, fill, cannot),
    }
}

/// Writes a temporary file beside `real`, then renames it over `real`.
fn replace(
    real: &Path,
    fill: impl FnOnce(&mut File) -> Result<(), CliError>,
    cannot: impl Fn(std::io::Error) -> CliError,
) -> Result<(), CliError> {
    let partial =
        partial_name(real).ok_or_else(|| cannot(std::io::ErrorKind::InvalidInput.into()))?;
    let mut file = File::create(&partial).map_err(&cannot)?;
    let written = fill(&mut file).and_then(|()| file.sync_all().map_err(&cannot));
    let placed = written.and_then(|()| std::fs::rename(&partial, real).map_err(&cannot));
    if placed.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    placed
}

/// `.NAME.partial-PID` beside `path`: hidden, and never another run's.
fn partial_name(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy();
    Some(path.with_file_name(format!(".{name}.partial-{}", std::process::id())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn hello(f: &mut File) -> Result<(), CliError> {
        f.write_all(b"hello").map_err(CliError::from)
    }

    #[test]
    fn a_link_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write(&link, hello).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "hello");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_failure_leaves_the_old_file_and_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "old").unwrap();
        let failed = write(&file, |_| Err(CliError::new("refused")));
        assert_eq!(failed.unwrap_err().message, "refused");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let err = write(dir.path(), hello).unwrap_err();
        assert!(
            err.message.ends_with("it is a directory"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_device_is_written_into_not_replaced() {
        write(Path::new("/dev/null"), hello).unwrap();
        let full = write(Path::new("/dev/full"), |f| {
            f.write_all(b"x")
                .and_then(|()| f.flush())
                .map_err(CliError::from)
        });
        assert!(full.is_err());
        assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
    }
}
