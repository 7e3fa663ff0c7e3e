//! Opening the files a command reads. A named pipe that no process writes to would hold the
//! open for ever, so such an open is waited on for a bounded time, then refused.

use std::fs::File;
use std::path::Path;
use std::time::Duration;

/// How long opening a named pipe may wait for a process to write to it.
const PIPE_WAIT: Duration = Duration::from_secs(5);

/// Opens `path` for reading, as `File::open` does, except that a named pipe with no writer
/// within [`PIPE_WAIT`] is an error (a pipe of a running command, `<(curl ...)`, opens at once).
pub fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::FileTypeExt;
    let pipe = std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo());
    if !pipe {
        return File::open(path);
    }
    let (opened, waited) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    // The thread stays blocked if no writer comes; the process ends without waiting for it.
    std::thread::spawn(move || opened.send(File::open(owned)));
    waited.recv_timeout(PIPE_WAIT).unwrap_or_else(|_| {
        Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            format!(
                "it is a named pipe that no process wrote to within {} seconds",
                PIPE_WAIT.as_secs()
            ),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_nobody_writes_to_is_refused_in_bounded_time() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        assert!(made.unwrap().success());
        let err = open(&pipe).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::TimedOut);
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(open(&file).is_ok());
    }
}
