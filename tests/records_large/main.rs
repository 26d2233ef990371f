//! Generated large record exports, read by the real binary, against the
//! same KPIs computed by a separate polars query over the generator's own
//! columns (no CSV parsing, no linecard code): the two must agree to the
//! cent and the second on every line and period. One module per kind; the
//! generators (`tests/generated/`) are shared with `benches/records/`.

/// The generators' random numbers (`tests/generated/`).
#[path = "../generated/lcg.rs"]
mod lcg;

#[path = "../common/mod.rs"]
mod common;

mod deals;
mod events;
mod spend;
mod subscriptions;
mod tickets;
