//! Parquet export (feature `parquet`): the store's articles, entities, events, quotes and
//! counts as five Parquet files (`articles.parquet`…) with the columns of [`crate::tables`],
//! for DuckDB, pandas, Spark. Rows are written in groups, so memory stays bounded by one
//! group whatever the size of the store. Snappy-compressed.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::tables::{self, Cell, ColumnType, TableSpec};
use crate::{EventFilter, Store, StoreError};

/// Rows buffered before a record batch is written.
const ROWS_PER_BATCH: usize = 8192;

/// What went wrong writing a Parquet export.
#[derive(Debug, thiserror::Error)]
pub enum ParquetError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file could not be created or written.
    #[error("{}: cannot write: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The Parquet encoder failed.
    #[error("{}: Parquet encoding failed: {message}", path.display())]
    Encode {
        /// The file.
        path: PathBuf,
        /// The encoder's message.
        message: String,
    },
}

/// Rows written per table, in the order articles, entities, events, quotes, counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParquetSummary {
    /// `(table name, rows)`.
    pub tables: Vec<(&'static str, usize)>,
}

impl ParquetSummary {
    /// `name rows` per table, comma-separated: `articles 3, entities 12, …`.
    pub fn rows_text(&self) -> String {
        let tables: Vec<String> = self
            .tables
            .iter()
            .map(|(name, rows)| format!("{name} {rows}"))
            .collect();
        tables.join(", ")
    }
}

enum Column {
    Int(Int64Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Text(StringBuilder),
}

impl Column {
    fn new(kind: ColumnType) -> Column {
        match kind {
            ColumnType::Int => Column::Int(Int64Builder::new()),
            ColumnType::Float => Column::Float(Float64Builder::new()),
            ColumnType::Bool => Column::Bool(BooleanBuilder::new()),
            ColumnType::Text => Column::Text(StringBuilder::new()),
        }
    }

    /// Append a cell; a cell of another type than the column's is a bug in `tables`, written
    /// as null rather than failing the export.
    fn push(&mut self, cell: &Cell) {
        match (self, cell) {
            (Column::Int(b), Cell::Int(v)) => b.append_value(*v),
            (Column::Float(b), Cell::Float(v)) => b.append_value(*v),
            (Column::Bool(b), Cell::Bool(v)) => b.append_value(*v),
            (Column::Text(b), Cell::Text(v)) => b.append_value(v),
            (Column::Int(b), _) => b.append_null(),
            (Column::Float(b), _) => b.append_null(),
            (Column::Bool(b), _) => b.append_null(),
            (Column::Text(b), _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Int(b) => Arc::new(b.finish()),
            Column::Float(b) => Arc::new(b.finish()),
            Column::Bool(b) => Arc::new(b.finish()),
            Column::Text(b) => Arc::new(b.finish()),
        }
    }
}

/// One Parquet file being written.
struct TableWriter {
    path: PathBuf,
    schema: SchemaRef,
    columns: Vec<Column>,
    buffered: usize,
    rows: usize,
    writer: ArrowWriter<File>,
}

impl TableWriter {
    fn create(dir: &Path, spec: &TableSpec) -> Result<TableWriter, ParquetError> {
        let path = dir.join(format!("{}.parquet", spec.name));
        let fields: Vec<Field> = spec
            .columns
            .iter()
            .map(|(name, kind)| {
                let data_type = match kind {
                    ColumnType::Int => DataType::Int64,
                    ColumnType::Float => DataType::Float64,
                    ColumnType::Bool => DataType::Boolean,
                    ColumnType::Text => DataType::Utf8,
                };
                Field::new(*name, data_type, true)
            })
            .collect();
        let schema: SchemaRef = Arc::new(Schema::new(fields));
        let file = File::create(&path).map_err(|source| ParquetError::Io {
            path: path.clone(),
            source,
        })?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| {
            ParquetError::Encode {
                path: path.clone(),
                message: e.to_string(),
            }
        })?;
        Ok(TableWriter {
            path,
            schema,
            columns: spec.columns.iter().map(|(_, k)| Column::new(*k)).collect(),
            buffered: 0,
            rows: 0,
            writer,
        })
    }

    fn push(&mut self, row: &[Cell]) -> Result<(), ParquetError> {
        for (column, cell) in self.columns.iter_mut().zip(row) {
            column.push(cell);
        }
        self.buffered += 1;
        self.rows += 1;
        if self.buffered >= ROWS_PER_BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn encode_error(&self, e: impl std::fmt::Display) -> ParquetError {
        ParquetError::Encode {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    fn flush(&mut self) -> Result<(), ParquetError> {
        if self.buffered == 0 {
            return Ok(());
        }
        let arrays = self.columns.iter_mut().map(Column::finish).collect();
        let batch =
            RecordBatch::try_new(self.schema.clone(), arrays).map_err(|e| self.encode_error(e))?;
        self.writer
            .write(&batch)
            .map_err(|e| self.encode_error(e))?;
        self.buffered = 0;
        Ok(())
    }

    fn close(mut self) -> Result<usize, ParquetError> {
        self.flush()?;
        let rows = self.rows;
        let path = self.path.clone();
        self.writer.close().map_err(|e| ParquetError::Encode {
            path,
            message: e.to_string(),
        })?;
        Ok(rows)
    }
}

/// Write the store's tables into `dir` (created if missing) as `articles.parquet`,
/// `entities.parquet`, `events.parquet`, `quotes.parquet` and `counts.parquet`.
pub fn export_parquet(store: &Store, dir: &Path) -> Result<ParquetSummary, ParquetError> {
    export_parquet_with(store, dir, false)
}

/// [`export_parquet`], with `per_event`: `story_events.parquet` (one row per real-world
/// event of each story, [`crate::story_events::STORY_EVENTS`]) in place of
/// `events.parquet` (one row per report).
pub fn export_parquet_with(
    store: &Store,
    dir: &Path,
    per_event: bool,
) -> Result<ParquetSummary, ParquetError> {
    std::fs::create_dir_all(dir).map_err(|source| ParquetError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut articles = TableWriter::create(dir, &tables::ARTICLES)?;
    let mut per_document = [
        TableWriter::create(dir, &tables::ENTITIES)?,
        TableWriter::create(dir, &tables::QUOTES)?,
        TableWriter::create(dir, &tables::COUNTS)?,
    ];
    store.each_article(|a| -> Result<(), ParquetError> {
        articles.push(&tables::article_cells(&a))?;
        let rows = tables::document_rows(a.article_id, &a.document);
        for (writer, rows) in per_document.iter_mut().zip(rows) {
            for row in rows {
                writer.push(&row)?;
            }
        }
        Ok(())
    })?;
    let (events_name, events) = if per_event {
        let spec = &crate::story_events::STORY_EVENTS;
        let mut events = TableWriter::create(dir, spec)?;
        store.each_story_events(|list| -> Result<(), ParquetError> {
            for e in &list {
                events.push(&crate::story_events::story_event_cells(e))?;
            }
            Ok(())
        })?;
        (spec.name, events)
    } else {
        let mut events = TableWriter::create(dir, &tables::EVENTS)?;
        let all = EventFilter {
            limit: usize::MAX,
            ..EventFilter::default()
        };
        store.each_event(&all, |e| events.push(&tables::event_cells(&e)))?;
        (tables::EVENTS.name, events)
    };
    let [entities, quotes, counts] = per_document;
    Ok(ParquetSummary {
        tables: vec![
            (tables::ARTICLES.name, articles.close()?),
            (tables::ENTITIES.name, entities.close()?),
            (events_name, events.close()?),
            (tables::QUOTES.name, quotes.close()?),
            (tables::COUNTS.name, counts.close()?),
        ],
    })
}
