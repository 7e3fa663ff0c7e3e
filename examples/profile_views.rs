//! Reads every treaty of a large ledger once, for profiling `Ledger::views`:
//! `perf record --call-graph dwarf target/release/examples/profile_views LEDGER`.

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: profile_views LEDGER");
    let ledger =
        pacta::ledger::Ledger::open(std::path::Path::new(&path), std::time::Duration::ZERO)
            .expect("a ledger");
    let t = std::time::Instant::now();
    let views = ledger
        .views(pacta::ledger::AsOf::Head)
        .expect("readable treaties");
    println!("{} treaties in {:?}", views.len(), t.elapsed());
}
