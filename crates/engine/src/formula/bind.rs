//! The third stage: a [`Formula`]'s column names resolved to a table's
//! indices once, so evaluating it for thousands of agents does no string
//! work.

use super::error::{FormulaError, FormulaProblem};
use super::parse::Formula;
use super::program::Op;

/// A formula whose columns are resolved to indices, ready to evaluate.
#[derive(Clone, Debug)]
pub struct BoundFormula {
    pub(super) code: Vec<Op>,
}

impl BoundFormula {
    /// The columns the formula reads, in its row or the previous one, each
    /// once: what a caller gathers into the row it evaluates on.
    pub fn columns_read(&self) -> Vec<usize> {
        let mut read = Vec::new();
        for op in &self.code {
            if let Op::Column { index, .. } | Op::Previous { index, .. } = *op
                && !read.contains(&index)
            {
                read.push(index);
            }
        }
        read
    }
}

impl Formula {
    /// Resolves column names to indices once, so evaluation for thousands of
    /// agents does no string work.
    ///
    /// `resolve` returns the index of a column or None; an unknown column is
    /// a [`FormulaError`] at its position.
    pub fn bind(
        &self,
        resolve: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<BoundFormula, FormulaError> {
        let mut indices = Vec::with_capacity(self.columns.len());
        for column in &self.columns {
            match resolve(&column.name) {
                Some(index) => indices.push(index),
                None => {
                    return Err(FormulaError::new(
                        column.position,
                        FormulaProblem::UnknownColumn {
                            name: column.name.clone(),
                        },
                    ));
                }
            }
        }
        // Slots come from this formula's own column list, so the lookup
        // cannot fail; if it ever did, an out-of-range index reads as a
        // missing value instead of panicking.
        let table_index = |slot: usize| indices.get(slot).copied().unwrap_or(usize::MAX);
        let code = self
            .code
            .iter()
            .map(|op| match *op {
                Op::Column { index, position } => Op::Column {
                    index: table_index(index),
                    position,
                },
                Op::Previous { index, position } => Op::Previous {
                    index: table_index(index),
                    position,
                },
                other => other,
            })
            .collect();
        Ok(BoundFormula { code })
    }
}
