//! The timeline charts: a treaty's counts through its history as inline SVG, with its entry into
//! force and each withdrawal marked and labelled in words. The two series differ in dash as well
//! as colour, so that colour never carries meaning alone.
//!
//! A whole-history chart starts its vertical axis at zero; a close-up of the latest withdrawals,
//! where a drop of a few states would be invisible at that scale, starts it near the counts and
//! says so.

use maud::{Markup, html};
use pacta::law::projection::Counts;
use pacta::law::timeline::{Mark, MarkKind, Timeline};
use pacta::vocabulary::calendar::LegalDate;

/// A chart's width in SVG units: one for wide windows and print, one for phones.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub width: f64,
    pub plot_height: f64,
    /// Tells the ids of the charts on one page apart.
    pub id: &'static str,
}

pub const WIDE: Size = Size {
    width: 960.0,
    plot_height: 240.0,
    id: "wide",
};

pub const NARROW: Size = Size {
    width: 420.0,
    plot_height: 220.0,
    id: "narrow",
};

const LEFT: f64 = 44.0;
const RIGHT: f64 = 14.0;
const ROW: f64 = 16.0;
/// Below the plot: the tick labels and the legend.
const BOTTOM: f64 = 56.0;
/// A label's width per character at the chart's 12px font: generous, so labels never collide.
const CHAR: f64 = 6.8;

/// A month as a number (year × 12 + month − 1), for spans and ticks.
fn month_of(day: LegalDate) -> i32 {
    day.year() * 12 + day.month() as i32 - 1
}

fn first_of(month: i32) -> LegalDate {
    let (year, m) = (month.div_euclid(12), month.rem_euclid(12) as u32 + 1);
    LegalDate::from_ymd(year, m, 1)
        .or_else(|| LegalDate::from_ymd(1, 1, 1))
        .expect("the first of January of year 1 is a date")
}

/// What a chart shows: the days from `start` to `end` and the counts from `low` to `high`.
#[derive(Debug, Clone, Copy)]
pub struct View {
    start: LegalDate,
    end: LegalDate,
    /// Where the lines stop: the last day anything is known to happen, or the report's day.
    last: LegalDate,
    low: usize,
    high: usize,
    step: usize,
}

impl View {
    /// The whole history, whole years, reaching at least to `at`, from zero; `None` when
    /// nothing was ever counted.
    pub fn whole(timeline: &Timeline, at: LegalDate) -> Option<View> {
        let first = timeline.points.first()?.date;
        let last = last_day(timeline, at);
        let high = peak(timeline, first, last);
        let step = count_step(high.max(1));
        Some(View {
            start: first_of(first.year() * 12),
            end: first_of((last.year() + 1) * 12),
            last,
            low: 0,
            high: high.max(1).div_ceil(step) * step,
            step,
        })
    }

    /// The fifteen months before the latest withdrawal to the end, with the counts' axis close
    /// around them; `None` without withdrawals, when the whole history is hardly longer, or
    /// when the counts change enough to be seen on the whole chart.
    pub fn close_up(timeline: &Timeline, at: LegalDate) -> Option<View> {
        let latest = timeline
            .marks
            .iter()
            .filter(|m| m.kind != MarkKind::TreatyInForce)
            .map(|m| m.date)
            .max()?;
        let whole = View::whole(timeline, at)?;
        let start = first_of(month_of(latest) - 15).max(whole.start);
        let last = last_day(timeline, at);
        let end = first_of(month_of(last) + 2);
        if (end.epoch_days() - start.epoch_days()) * 3
            > whole.end.epoch_days() - whole.start.epoch_days()
        {
            return None;
        }
        let (low, high) = range(timeline, start, end);
        // Worth a close-up only where the changes are a sliver of the whole chart's height.
        if (high - low) * 8 > whole.high {
            return None;
        }
        let step = count_step((high - low).max(4));
        let low = low.saturating_sub(1) / step * step;
        Some(View {
            start,
            end,
            last,
            low,
            high: (high + 1).div_ceil(step) * step,
            step,
        })
    }

    pub fn start(&self) -> LegalDate {
        self.start
    }

    pub fn end(&self) -> LegalDate {
        self.end
    }

    pub fn low(&self) -> usize {
        self.low
    }
}

/// The last day worth showing: the last point, the last mark, or `at`.
fn last_day(timeline: &Timeline, at: LegalDate) -> LegalDate {
    timeline
        .points
        .iter()
        .map(|p| p.date)
        .chain(timeline.marks.iter().map(|m| m.date))
        .chain([at])
        .max()
        .unwrap_or(at)
}

fn larger(c: &Counts) -> usize {
    c.parties.max(c.in_force)
}

fn peak(timeline: &Timeline, from: LegalDate, to: LegalDate) -> usize {
    range(timeline, from, to).1
}

/// The smallest and largest count shown between two days.
fn range(timeline: &Timeline, from: LegalDate, to: LegalDate) -> (usize, usize) {
    let opening = timeline.counts_at(from);
    let inside = timeline
        .points
        .iter()
        .filter(|p| p.date > from && p.date <= to)
        .map(|p| p.counts);
    let all: Vec<Counts> = std::iter::once(opening).chain(inside).collect();
    let low = all
        .iter()
        .map(|c| c.in_force.min(c.parties))
        .min()
        .unwrap_or(0);
    let high = all.iter().map(larger).max().unwrap_or(0);
    (low, high)
}

/// A round number of counts between grid lines, giving at most five steps.
fn count_step(range: usize) -> usize {
    let mut magnitude = 1;
    loop {
        for step in [1, 2, 5] {
            if range.div_ceil(step * magnitude) <= 5 {
                return step * magnitude;
            }
        }
        magnitude *= 10;
    }
}

/// A round number of months between ticks, giving at most `most` ticks over `months`.
fn month_step(months: i32, most: i32) -> i32 {
    [1, 2, 3, 6, 12, 24, 60, 120, 240, 300, 600, 1200]
        .into_iter()
        .find(|s| months / s <= most.max(1))
        .unwrap_or(1200)
}

/// Maps days and counts to SVG coordinates.
struct Scale {
    view: View,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Scale {
    fn x(&self, day: LegalDate) -> f64 {
        let (a, b) = (self.view.start.epoch_days(), self.view.end.epoch_days());
        let share = f64::from(day.epoch_days().clamp(a, b) - a) / f64::from((b - a).max(1));
        self.left + share * (self.right - self.left)
    }

    fn y(&self, count: usize) -> f64 {
        let (low, high) = (self.view.low, self.view.high.max(self.view.low + 1));
        let share = (count.clamp(low, high) - low) as f64 / (high - low) as f64;
        self.bottom - share * (self.bottom - self.top)
    }
}

/// A label of a marked day, placed in a row above the plot.
struct Label {
    x: f64,
    row: usize,
    text: String,
    kind: MarkKind,
    /// The label reads leftwards from its line (near the right edge).
    leftwards: bool,
}

/// The words of a mark's label.
pub fn label(mark: &Mark) -> String {
    let who = if mark.states.len() > 4 {
        format!("{} states", mark.states.len())
    } else {
        mark.states
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match mark.kind {
        MarkKind::TreatyInForce => format!("Entry into force {}", mark.date),
        MarkKind::WithdrawalEffective => format!("{who} withdrew {}", mark.date),
        MarkKind::WithdrawalSuspended => format!("{who}: withdrawal due {}, suspended", mark.date),
    }
}

/// Places each label in the first row where it overlaps no other. Labels left of the middle
/// read rightwards and are placed from the left, the others read leftwards and are placed from
/// the right, so that no mark's line runs through a label in a row below it.
fn place(marks: &[&Mark], scale: &Scale, width: f64) -> Vec<Label> {
    let middle = (scale.left + scale.right) / 2.0;
    let mut order: Vec<(f64, &Mark)> = marks.iter().map(|m| (scale.x(m.date), *m)).collect();
    order.sort_by(|a, b| {
        let key = |x: f64| if x > middle { -x } else { x - width * 2.0 };
        key(a.0).total_cmp(&key(b.0))
    });
    let mut rows: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut labels = Vec::new();
    for (x, mark) in order {
        let text = label(mark);
        let w = text.chars().count() as f64 * CHAR;
        let leftwards = x > middle;
        let (a, b) = if leftwards {
            ((x - 4.0 - w).max(0.0), x)
        } else {
            (x, (x + 4.0 + w).min(width))
        };
        let free = |row: &Vec<(f64, f64)>| row.iter().all(|&(c, d)| b + 6.0 < c || d + 6.0 < a);
        let row = rows.iter().position(free).unwrap_or_else(|| {
            rows.push(Vec::new());
            rows.len() - 1
        });
        rows[row].push((a, b));
        labels.push(Label {
            x,
            row,
            text,
            kind: mark.kind,
            leftwards,
        });
    }
    labels
}

/// A step line through one of the counts: flat until each point, then straight up or down.
fn step_path(timeline: &Timeline, scale: &Scale, count: fn(&Counts) -> usize) -> String {
    let view = scale.view;
    let opening = count(&timeline.counts_at(view.start));
    let mut d = format!("M{:.1},{:.1}", scale.x(view.start), scale.y(opening));
    for p in timeline
        .points
        .iter()
        .filter(|p| p.date > view.start && p.date < view.end)
    {
        d.push_str(&format!(
            "H{:.1}V{:.1}",
            scale.x(p.date),
            scale.y(count(&p.counts))
        ));
    }
    d.push_str(&format!("H{:.1}", scale.x(view.last)));
    d
}

/// The tick marks along the time axis: at round months, labelled by year or by month.
fn ticks(view: View, width: f64) -> Vec<(LegalDate, String)> {
    let (a, b) = (month_of(view.start), month_of(view.end));
    let step = month_step(b - a, (width / 80.0) as i32);
    (a..=b)
        .filter(|m| m.rem_euclid(step) == 0)
        .map(|m| {
            let day = first_of(m);
            let text = if step % 12 == 0 {
                day.year().to_string()
            } else {
                format!("{}-{:02}", day.year(), day.month())
            };
            (day, text)
        })
        .collect()
}

/// A chart as an SVG element with a title and a description for screen readers.
pub fn svg(
    timeline: &Timeline,
    view: View,
    size: Size,
    name: &str,
    title: &str,
    desc: &str,
) -> Markup {
    let mut scale = Scale {
        view,
        left: LEFT,
        right: size.width - RIGHT,
        top: 0.0,
        bottom: 0.0,
    };
    let marks: Vec<&Mark> = timeline
        .marks
        .iter()
        .filter(|m| m.date >= view.start && m.date <= view.end)
        .collect();
    let labels = place(&marks, &scale, size.width);
    let rows = labels.iter().map(|l| l.row + 1).max().unwrap_or(0);
    scale.top = 16.0 + rows as f64 * ROW;
    scale.bottom = scale.top + size.plot_height;
    let height = scale.bottom + BOTTOM;
    let grid: Vec<usize> = (view.low..=view.high).step_by(view.step.max(1)).collect();
    let id = format!("chart-{name}-{}", size.id);
    let legend_y = scale.bottom + 44.0;
    let row_y = |row: usize| 20.0 + row as f64 * ROW;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" class={"chart chart-" (size.id)}
            viewBox={"0 0 " (size.width) " " (height.ceil())}
            role="img" aria-labelledby={(id) "-title " (id) "-desc"} {
            title id={(id) "-title"} { (title) }
            desc id={(id) "-desc"} { (desc) }
            g class="grid" {
                @for n in &grid {
                    line x1=(fmt(scale.left)) x2=(fmt(scale.right)) y1=(fmt(scale.y(*n))) y2=(fmt(scale.y(*n))) {}
                    text x=(fmt(scale.left - 6.0)) y=(fmt(scale.y(*n) + 4.0)) text-anchor="end" { (n) }
                }
            }
            g class="axis" {
                line x1=(fmt(scale.left)) x2=(fmt(scale.right)) y1=(fmt(scale.bottom)) y2=(fmt(scale.bottom)) {}
                @for (day, text) in ticks(view, size.width) {
                    @let x = scale.x(day);
                    @let half = text.len() as f64 * CHAR / 2.0;
                    line x1=(fmt(x)) x2=(fmt(x)) y1=(fmt(scale.bottom)) y2=(fmt(scale.bottom + 5.0)) {}
                    @if x - half >= 0.0 && x + half <= size.width {
                        text x=(fmt(x)) y=(fmt(scale.bottom + 18.0)) text-anchor="middle" { (text) }
                    }
                }
            }
            g class="marks" {
                @for l in &labels {
                    line class=(mark_class(l.kind)) x1=(fmt(l.x)) x2=(fmt(l.x)) y1=(fmt(row_y(l.row) + 3.0)) y2=(fmt(scale.bottom)) {}
                }
            }
            path class="series parties" d=(step_path(timeline, &scale, |c| c.parties)) {}
            path class="series in-force" d=(step_path(timeline, &scale, |c| c.in_force)) {}
            g class="labels" {
                @for l in &labels {
                    @if l.leftwards {
                        text x=(fmt(l.x - 4.0)) y=(fmt(row_y(l.row))) text-anchor="end" { (l.text) }
                    } @else {
                        text x=(fmt(l.x + 4.0)) y=(fmt(row_y(l.row))) { (l.text) }
                    }
                }
            }
            g class="legend" {
                line class="series in-force" x1=(fmt(scale.left)) x2=(fmt(scale.left + 28.0)) y1=(fmt(legend_y - 4.0)) y2=(fmt(legend_y - 4.0)) {}
                text x=(fmt(scale.left + 34.0)) y=(fmt(legend_y)) { "in force (solid)" }
                line class="series parties" x1=(fmt(scale.left + 150.0)) x2=(fmt(scale.left + 178.0)) y1=(fmt(legend_y - 4.0)) y2=(fmt(legend_y - 4.0)) {}
                text x=(fmt(scale.left + 184.0)) y=(fmt(legend_y)) { "States Parties (dashed)" }
            }
        }
    }
}

fn mark_class(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::TreatyInForce => "mark eif",
        MarkKind::WithdrawalEffective => "mark withdrawal",
        MarkKind::WithdrawalSuspended => "mark suspended",
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pacta::law::timeline::Point;
    use pacta::vocabulary::country::StateCode;

    fn day(text: &str) -> LegalDate {
        LegalDate::parse(text).unwrap()
    }

    fn point(date: &str, n: usize) -> Point {
        Point {
            date: day(date),
            counts: Counts {
                in_force: n,
                parties: n,
                signatories: 0,
            },
        }
    }

    fn withdrawal(date: &str, states: &[&str]) -> Mark {
        Mark {
            date: day(date),
            kind: MarkKind::WithdrawalEffective,
            states: states
                .iter()
                .map(|s| StateCode::parse(s).unwrap())
                .collect(),
        }
    }

    fn ottawa_like() -> Timeline {
        Timeline {
            points: vec![
                point("1998-01-01", 40),
                point("1999-03-01", 120),
                point("2010-01-01", 164),
                point("2025-12-27", 161),
                point("2026-01-10", 160),
            ],
            marks: vec![
                withdrawal("2025-12-27", &["EE", "LT", "LV"]),
                withdrawal("2026-01-10", &["FI"]),
            ],
        }
    }

    #[test]
    fn the_whole_history_starts_at_zero_in_whole_years() {
        let v = View::whole(&ottawa_like(), day("2026-03-01")).unwrap();
        assert_eq!((v.start, v.end), (day("1998-01-01"), day("2027-01-01")));
        assert_eq!((v.low, v.high, v.step), (0, 200, 50));
    }

    #[test]
    fn a_close_up_of_the_latest_withdrawals_starts_near_the_counts() {
        let v = View::close_up(&ottawa_like(), day("2026-03-01")).unwrap();
        assert_eq!((v.start, v.end), (day("2024-10-01"), day("2026-05-01")));
        assert!(v.low > 0 && v.low <= 160 && v.high >= 164, "{v:?}");
        assert!(v.high - v.low <= 10, "{v:?}");
    }

    #[test]
    fn no_close_up_when_the_whole_chart_shows_the_change() {
        let mut t = ottawa_like();
        t.points.push(point("2026-02-01", 20));
        assert!(View::close_up(&t, day("2026-03-01")).is_none());
    }

    #[test]
    fn no_close_up_without_withdrawals() {
        let mut t = ottawa_like();
        t.marks.clear();
        assert!(View::close_up(&t, day("2026-03-01")).is_none());
    }

    #[test]
    fn labels_close_together_go_to_separate_rows() {
        let t = ottawa_like();
        let view = View::whole(&t, day("2026-03-01")).unwrap();
        let scale = Scale {
            view,
            left: LEFT,
            right: WIDE.width - RIGHT,
            top: 0.0,
            bottom: 100.0,
        };
        let marks: Vec<&Mark> = t.marks.iter().collect();
        let labels = place(&marks, &scale, WIDE.width);
        let mut rows: Vec<usize> = labels.iter().map(|l| l.row).collect();
        rows.sort_unstable();
        assert_eq!(rows, vec![0, 1]);
        assert!(labels.iter().all(|l| l.leftwards));
    }

    #[test]
    fn ticks_are_years_over_decades_and_months_over_a_year() {
        let t = ottawa_like();
        let whole = View::whole(&t, day("2026-03-01")).unwrap();
        let years: Vec<String> = ticks(whole, WIDE.width).into_iter().map(|t| t.1).collect();
        assert_eq!(years.first().map(String::as_str), Some("2000"));
        assert!(years.len() <= 12, "{years:?}");
        let close = View::close_up(&t, day("2026-03-01")).unwrap();
        let months: Vec<String> = ticks(close, NARROW.width)
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert!(months.iter().all(|m| m.len() == 7), "{months:?}");
    }
}
