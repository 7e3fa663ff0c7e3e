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

/// How many items go from a producing thread to a consuming one at once: enough that handing
/// a batch on costs little beside the work on it.
const BATCH: usize = 1024;

/// How many batches may wait for the consumer: enough to smooth out uneven items, few enough
/// that a fast producer holds little memory.
const WAITING: usize = 8;

/// Work in two stages at once: `produce` runs on a thread of its own and hands items on through
/// a [`Handoff`]; `consume` takes them on the calling thread, in order, a batch at a time. A
/// consumed batch goes back to the producing thread, which drops what is left in it and fills
/// it again: memory freed on another thread than the one that allocated it costs the allocator
/// a lock per block. When `consume` fails, the producer is stopped at its next item and the
/// failure returned; otherwise what `produce` returns.
pub fn pipeline<T, R, E>(
    produce: impl FnOnce(&mut Handoff<T>) -> R + Send,
    mut consume: impl FnMut(&mut Vec<T>) -> Result<(), E>,
) -> Result<R, E>
where
    T: Send,
    R: Send,
{
    let (full, batches) = std::sync::mpsc::sync_channel(WAITING);
    let (spent, empty) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let mut handoff = Handoff {
                batch: Vec::with_capacity(BATCH),
                full,
                empty,
            };
            let result = produce(&mut handoff);
            handoff.hand_on();
            result
        });
        let mut failure = None;
        for mut batch in batches.iter() {
            if let Err(e) = consume(&mut batch) {
                failure = Some(e);
                break;
            }
            // The producer may have finished: then the batch is dropped here.
            let _ = spent.send(batch);
        }
        // Unblocks a producer waiting to hand on more after a failure.
        drop(batches);
        let result = producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        failure.map_or(Ok(result), Err)
    })
}

/// The producing end of a [`pipeline`].
pub struct Handoff<T> {
    batch: Vec<T>,
    full: std::sync::mpsc::SyncSender<Vec<T>>,
    empty: std::sync::mpsc::Receiver<Vec<T>>,
}

impl<T> Handoff<T> {
    /// Hands `item` on; false once the consumer has stopped, when the producer should stop too.
    pub fn send(&mut self, item: T) -> bool {
        self.batch.push(item);
        self.batch.len() < BATCH || self.hand_on()
    }

    /// Hands the batch on and starts another, reusing a consumed one if any came back.
    fn hand_on(&mut self) -> bool {
        let next = match self.empty.try_recv() {
            Ok(mut spent) => {
                spent.clear();
                spent
            }
            Err(_) => Vec::with_capacity(BATCH),
        };
        let batch = std::mem::replace(&mut self.batch, next);
        batch.is_empty() || self.full.send(batch).is_ok()
    }
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

    #[test]
    fn a_pipeline_consumes_every_item_in_order_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let mut seen = Vec::new();
        let made = pipeline(
            |handoff| {
                let producer = std::thread::current().id();
                (0..5000)
                    .take_while(|&i| handoff.send((i, producer)))
                    .count()
            },
            |batch: &mut Vec<(u32, std::thread::ThreadId)>| {
                assert!(batch.len() <= BATCH);
                assert_eq!(std::thread::current().id(), caller);
                seen.extend(batch.iter().map(|(i, producer)| {
                    assert_ne!(*producer, caller);
                    *i
                }));
                Ok::<(), ()>(())
            },
        );
        assert_eq!(made, Ok(5000));
        assert_eq!(seen, (0..5000).collect::<Vec<_>>());
    }

    #[test]
    fn a_failed_consumer_stops_the_producer() {
        let mut batches = 0;
        let failed = pipeline(
            |handoff| (0..u32::MAX).take_while(|&i| handoff.send(i)).count(),
            |batch: &mut Vec<u32>| {
                batches += 1;
                if batch[0] >= 3 * BATCH as u32 {
                    return Err(batch[0]);
                }
                Ok(())
            },
        );
        assert_eq!(failed, Err(3 * BATCH as u32));
        assert_eq!(batches, 4);
    }
}
