//! The sample data compiled into the binary, so `linecard report` with no
//! arguments shows a real report from any directory.

use super::InputFile;

/// The bundled `sample-data/` files, named as they are in the repository.
pub fn bundled_sample() -> Vec<InputFile> {
    let file = |display: &str, bytes: &'static [u8]| InputFile {
        display: display.to_string(),
        bytes: bytes::Bytes::from_static(bytes),
    };
    vec![
        file(
            "sample-data/marketing-kpis.csv",
            include_bytes!("../../sample-data/marketing-kpis.csv"),
        ),
        file(
            "sample-data/product-kpis.xlsx",
            include_bytes!("../../sample-data/product-kpis.xlsx"),
        ),
    ]
}
