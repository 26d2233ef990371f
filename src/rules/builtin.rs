//! The default rule scripts, compiled into the binary so linecard works from
//! any directory. Users get editable copies in `scripts/`.

/// (file name, source) of every default script, in load order.
pub const BUILTIN_SCRIPTS: &[(&str, &str)] = &[
    (
        "10-catalogue.rhai",
        include_str!("../../scripts/10-catalogue.rhai"),
    ),
    ("15-fits.rhai", include_str!("../../scripts/15-fits.rhai")),
    ("20-hooks.rhai", include_str!("../../scripts/20-hooks.rhai")),
    ("90-tests.rhai", include_str!("../../scripts/90-tests.rhai")),
];
