//! The columns of a frame the aggregations computed, read back by name and
//! type: the one place where a missing or mistyped column becomes a
//! [`RecordError`], so each aggregation reads its results in a line a
//! column (`let lines = read.u32("line")?;`).

use super::RecordError;
use polars::prelude::*;

/// A computed frame whose columns are read.
pub struct Results<'a>(pub &'a DataFrame);

impl<'a> Results<'a> {
    fn column(&self, name: &str) -> Result<&'a Column, RecordError> {
        self.0.column(name).map_err(RecordError::polars)
    }

    pub fn text(&self, name: &str) -> Result<&'a StringChunked, RecordError> {
        self.column(name)?.str().map_err(RecordError::polars)
    }

    pub fn u32(&self, name: &str) -> Result<&'a UInt32Chunked, RecordError> {
        self.column(name)?.u32().map_err(RecordError::polars)
    }

    pub fn u64(&self, name: &str) -> Result<&'a UInt64Chunked, RecordError> {
        self.column(name)?.u64().map_err(RecordError::polars)
    }

    pub fn i32(&self, name: &str) -> Result<&'a Int32Chunked, RecordError> {
        self.column(name)?.i32().map_err(RecordError::polars)
    }

    pub fn i64(&self, name: &str) -> Result<&'a Int64Chunked, RecordError> {
        self.column(name)?.i64().map_err(RecordError::polars)
    }

    pub fn f64(&self, name: &str) -> Result<&'a Float64Chunked, RecordError> {
        self.column(name)?.f64().map_err(RecordError::polars)
    }

    /// A column of whole numbers of any integer type (counts, ids, keys).
    pub fn ints(&self, name: &str) -> Result<Vec<Option<i64>>, RecordError> {
        let cast = self.column(name)?.cast(&DataType::Int64);
        let column = cast.map_err(RecordError::polars)?;
        Ok(column.i64().map_err(RecordError::polars)?.iter().collect())
    }

    /// A column of numbers of any numeric type.
    pub fn floats(&self, name: &str) -> Result<Vec<Option<f64>>, RecordError> {
        let cast = self.column(name)?.cast(&DataType::Float64);
        let column = cast.map_err(RecordError::polars)?;
        Ok(column.f64().map_err(RecordError::polars)?.iter().collect())
    }
}
