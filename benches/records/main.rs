//! Record aggregation end to end, against the same aggregation written
//! directly as one polars lazy query over the same CSV in the same run (the
//! floor): `cargo bench --bench records`. One module per kind of record,
//! each over a generated export (`tests/generated/`).
//!
//! Everything runs with the allocator the `linecard` binary ships with
//! (mimalloc), the floor included. Figures are kept in the README ("Record
//! exports").

/// The generators' random numbers (`tests/generated/`).
#[path = "../../tests/generated/lcg.rs"]
mod lcg;

mod deals;
mod events;
mod floor;
mod spend;
mod subscriptions;
mod tickets;

use criterion::{criterion_group, criterion_main};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_group!(
    benches,
    tickets::benches,
    deals::benches,
    subscriptions::benches,
    spend::benches,
    events::benches
);
criterion_main!(benches);
