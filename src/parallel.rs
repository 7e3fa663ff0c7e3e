//! Sharing work among the machine's cores: the one place that decides how work is cut and
//! when a thread is worth its cost.

/// The number of cores this process may use, asked once: the standard library reads the
/// cgroup files on every call, which costs more than interpreting a treaty.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `work` applied to `items` cut into one part per core, the parts' results in order. When
/// there is only one part (one item, or one core) it runs on the calling thread: starting a
/// thread costs more than a small piece of work, such as interpreting the one treaty a single
/// fact touches.
pub fn per_core<T, R, F>(items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> R + Sync,
{
    let part = items.len().div_ceil(cores()).max(1);
    if part >= items.len() {
        return vec![work(items)];
    }
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = items
            .chunks(part)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_in_order_and_cover_every_item() {
        let items: Vec<u32> = (0..1001).collect();
        let parts = per_core(&items, |part| part.to_vec());
        assert_eq!(
            parts.len(),
            items.len().div_ceil(items.len().div_ceil(cores()))
        );
        assert_eq!(parts.concat(), items);
    }

    #[test]
    fn one_item_runs_on_the_calling_thread() {
        let caller = std::thread::current().id();
        assert_eq!(
            per_core(&[1], |_| std::thread::current().id()),
            vec![caller]
        );
        assert_eq!(per_core(&[] as &[u8], <[u8]>::len), vec![0]);
    }
}
