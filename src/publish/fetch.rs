//! Fetching a publication's files, from a directory or over HTTP(S), never more than a cap per
//! file and never for longer than a timeout, so that a hostile server can neither exhaust memory
//! nor hang the reader.

use crate::publish::error::PublishError;
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

/// Where a publication is read from.
pub enum Source {
    /// A directory on this machine.
    Dir(PathBuf),
    /// A web server: the base URL, ending in `/`, and the client.
    Http {
        /// The base URL.
        base: String,
        /// The HTTP client, with its timeouts.
        agent: ureq::Agent,
    },
}

/// The most a file may take to arrive, from connecting to its last byte, unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl Source {
    /// A source from its text: an `http://` or `https://` URL, or else a directory path.
    pub fn new(text: &str, timeout: Duration) -> Source {
        if text.starts_with("http://") || text.starts_with("https://") {
            let agent = ureq::Agent::config_builder()
                .timeout_global(Some(timeout))
                .http_status_as_error(false)
                .max_redirects(3)
                .build()
                .into();
            let base = if text.ends_with('/') {
                text.to_string()
            } else {
                format!("{text}/")
            };
            Source::Http { base, agent }
        } else {
            Source::Dir(PathBuf::from(text))
        }
    }

    /// Fetches one file, refusing more than `cap` bytes; a missing file is [`PublishError::Damaged`]
    /// (the publication lacks what its checkpoint requires).
    pub fn get(&self, path: &str, cap: u64) -> Result<Vec<u8>, PublishError> {
        match self {
            Source::Dir(dir) => read_file(&dir.join(path), path, cap),
            Source::Http { base, agent } => get_http(agent, &format!("{base}{path}"), path, cap),
        }
    }

    /// Where the source is, for messages.
    pub fn describe(&self) -> String {
        match self {
            Source::Dir(dir) => dir.display().to_string(),
            Source::Http { base, .. } => base.clone(),
        }
    }
}

fn too_large(path: &str, cap: u64) -> PublishError {
    PublishError::damaged(
        path,
        format!("larger than the {cap} bytes such a file can hold; refused unread"),
    )
}

fn read_file(full: &std::path::Path, path: &str, cap: u64) -> Result<Vec<u8>, PublishError> {
    let file = match std::fs::File::open(full) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(PublishError::damaged(path, "missing from the publication"));
        }
        Err(e) => return Err(PublishError::io(full, e)),
    };
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| PublishError::io(full, e))?;
    if bytes.len() as u64 > cap {
        return Err(too_large(path, cap));
    }
    Ok(bytes)
}

fn get_http(agent: &ureq::Agent, url: &str, path: &str, cap: u64) -> Result<Vec<u8>, PublishError> {
    let failed = |what: String| PublishError::Fetch {
        file: url.to_string(),
        what,
    };
    let mut response = agent.get(url).call().map_err(|e| failed(e.to_string()))?;
    match response.status().as_u16() {
        200 => {}
        404 | 410 => return Err(PublishError::damaged(path, "missing from the publication")),
        status => return Err(failed(format!("the server answered HTTP {status}"))),
    }
    if let Some(len) = response.body().content_length()
        && len > cap
    {
        return Err(too_large(path, cap));
    }
    response
        .body_mut()
        .with_config()
        .limit(cap)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => too_large(path, cap),
            e => failed(e.to_string()),
        })
}
