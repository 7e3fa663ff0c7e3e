//! Progress bars on stderr for long commands: one per phase, with count, rate and time left,
//! redrawn several times a second. indicatif draws nothing when stderr is not a terminal, and
//! nothing is drawn under `-q`.

use super::output;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// What a phase counts.
#[derive(Debug, Clone, Copy)]
pub enum Unit {
    /// Bytes of a file.
    Bytes,
    /// Things of which the total is known (rows, facts).
    Items,
}

/// A bar for one phase, named `name`, out of `total`.
pub fn phase(name: &str, total: u64, unit: Unit) -> ProgressBar {
    let target = if output::quiet() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr_with_hz(8)
    };
    let template = match unit {
        Unit::Bytes => {
            "{prefix:>8} [{bar:20}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta} left {msg}"
        }
        Unit::Items => "{prefix:>8} [{bar:20}] {human_pos}/{human_len} {per_sec} {eta} left {msg}",
    };
    let style = ProgressStyle::with_template(template)
        .expect("the templates are valid")
        .progress_chars("=> ");
    let bar = ProgressBar::with_draw_target(Some(total), target)
        .with_style(style)
        .with_prefix(name.to_string());
    // Redrawn by a timer too, so that rate and time stay current while one call works.
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
