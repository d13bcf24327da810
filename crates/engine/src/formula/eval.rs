//! The last stage: a [`BoundFormula`] run for one agent's row. Missing
//! values propagate like SQL NULL, `and`/`or`/`if` skip what they need not
//! read, and a zero divisor or a non-finite result is an error at its
//! character; a result is never NaN or infinite.

use super::bind::BoundFormula;
use super::error::EvalError;
use super::program::{Arithmetic, Op};

impl BoundFormula {
    /// Evaluates for one agent. `current[i]` is column i's value in this
    /// period (None = missing); `previous` is the same agent's row in the
    /// previous period, None if there is none.
    ///
    /// Ok(None) when a value the result depends on is missing: missing
    /// propagates like SQL NULL, `prev(x)` without a previous value is
    /// missing, `if` evaluates only the taken branch (a missing condition
    /// makes the result missing), and `0 and missing` = 0, `1 or missing` = 1.
    /// A zero divisor is [`EvalError::DivisionByZero`] at the `/`; any other
    /// non-finite value is [`EvalError::NotFinite`]. Never returns NaN or
    /// infinity.
    pub fn eval(
        &self,
        current: &[Option<f64>],
        previous: Option<&[Option<f64>]>,
    ) -> Result<Option<f64>, EvalError> {
        self.eval_with(&mut Vec::new(), current, previous)
    }

    /// [`BoundFormula::eval`] with a caller's scratch stack, so evaluating
    /// the same formula for thousands of agents allocates once.
    pub fn eval_with(
        &self,
        stack: &mut Vec<Option<f64>>,
        current: &[Option<f64>],
        previous: Option<&[Option<f64>]>,
    ) -> Result<Option<f64>, EvalError> {
        stack.clear();
        // The parser only emits balanced programs, so an empty stack cannot
        // happen; popping it as "missing" keeps that assumption panic-free.
        fn pop(stack: &mut Vec<Option<f64>>) -> Option<f64> {
            stack.pop().flatten()
        }
        let mut pc = 0;
        while let Some(&op) = self.code.get(pc) {
            pc += 1;
            match op {
                Op::Number(value) => stack.push(Some(value)),
                Op::Column { index, position } => {
                    stack.push(input(current.get(index).copied().flatten(), position)?);
                }
                Op::Previous { index, position } => {
                    let value = previous.and_then(|row| row.get(index).copied().flatten());
                    stack.push(input(value, position)?);
                }
                Op::Negate => {
                    let value = pop(stack);
                    stack.push(value.map(|v| -v));
                }
                Op::Arithmetic { operator, position } => {
                    let right = pop(stack);
                    let left = pop(stack);
                    stack.push(arithmetic(operator, left, right, position)?);
                }
                Op::Compare(comparison) => {
                    let right = pop(stack);
                    let left = pop(stack);
                    let value = match (left, right) {
                        (Some(a), Some(b)) => Some(truth(comparison.holds(a, b))),
                        _ => None,
                    };
                    stack.push(value);
                }
                Op::Not => {
                    let value = pop(stack);
                    stack.push(value.map(|v| truth(v == 0.0)));
                }
                Op::AndTest { end } => {
                    if let Some(top) = stack.last_mut()
                        && *top == Some(0.0)
                    {
                        // Normalises -0 so the short-circuited result is 0.
                        *top = Some(0.0);
                        pc = end;
                    }
                }
                Op::AndJoin => {
                    let right = pop(stack);
                    let left = pop(stack);
                    // SQL's three-valued logic: false wins over missing.
                    let value = match (left, right) {
                        (_, Some(0.0)) => Some(0.0),
                        (Some(a), Some(_)) => Some(truth(a != 0.0)),
                        _ => None,
                    };
                    stack.push(value);
                }
                Op::OrTest { end } => {
                    if let Some(top) = stack.last_mut()
                        && top.is_some_and(|v| v != 0.0)
                    {
                        *top = Some(1.0);
                        pc = end;
                    }
                }
                Op::OrJoin => {
                    let right = pop(stack);
                    let left = pop(stack);
                    // SQL's three-valued logic: true wins over missing.
                    let value = match (left, right) {
                        (_, Some(b)) if b != 0.0 => Some(1.0),
                        (Some(a), Some(_)) => Some(truth(a != 0.0)),
                        _ => None,
                    };
                    stack.push(value);
                }
                Op::Branch { otherwise, end } => match pop(stack) {
                    None => {
                        stack.push(None);
                        pc = end;
                    }
                    Some(0.0) => pc = otherwise,
                    Some(_) => {}
                },
                Op::Jump { to } => pc = to,
                Op::Min { count } => {
                    let value = extreme(stack, count, f64::min);
                    stack.push(value);
                }
                Op::Max { count } => {
                    let value = extreme(stack, count, f64::max);
                    stack.push(value);
                }
                Op::Abs => {
                    let value = pop(stack);
                    stack.push(value.map(f64::abs));
                }
                Op::Round { digits, position } => {
                    let digits = if digits { pop(stack) } else { Some(0.0) };
                    let value = pop(stack);
                    let rounded = match (value, digits) {
                        (Some(x), Some(d)) => Some(finite(round(x, d), position)?),
                        _ => None,
                    };
                    stack.push(rounded);
                }
            }
        }
        // -0 would print as "-0" on a scorecard.
        Ok(pop(stack).map(|v| if v == 0.0 { 0.0 } else { v }))
    }
}

fn truth(holds: bool) -> f64 {
    if holds { 1.0 } else { 0.0 }
}

fn finite(value: f64, position: usize) -> Result<f64, EvalError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(EvalError::NotFinite { position })
    }
}

/// Input data is not under the formula's control: a NaN or infinity there
/// would otherwise leak into the result.
fn input(value: Option<f64>, position: usize) -> Result<Option<f64>, EvalError> {
    value.map(|v| finite(v, position)).transpose()
}

fn arithmetic(
    operator: Arithmetic,
    left: Option<f64>,
    right: Option<f64>,
    position: usize,
) -> Result<Option<f64>, EvalError> {
    let (Some(a), Some(b)) = (left, right) else {
        return Ok(None);
    };
    let value = match operator {
        Arithmetic::Add => a + b,
        Arithmetic::Subtract => a - b,
        Arithmetic::Multiply => a * b,
        Arithmetic::Divide => {
            if b == 0.0 {
                return Err(EvalError::DivisionByZero { position });
            }
            a / b
        }
    };
    finite(value, position).map(Some)
}

fn extreme(stack: &mut Vec<Option<f64>>, count: usize, pick: fn(f64, f64) -> f64) -> Option<f64> {
    let start = stack.len().saturating_sub(count);
    let mut values = stack.drain(start..);
    let first = values.next().flatten()?;
    values.try_fold(first, |best, value| value.map(|v| pick(best, v)))
}

/// Rounds half away from zero, as spreadsheets and calculators do. `x` and
/// `digits` are finite; `digits` may be negative (tens, hundreds...).
fn round(x: f64, digits: f64) -> f64 {
    // The clamp keeps the loop short; beyond ±400 the factor is already
    // infinite or zero anyway.
    let digits = digits.round().clamp(-400.0, 400.0) as i32;
    // Repeated multiplication is exact up to 1e22, unlike some powi
    // implementations, which matters for the half-way test below.
    let mut factor = 1.0_f64;
    for _ in 0..digits.unsigned_abs() {
        factor *= 10.0;
    }
    if digits < 0 && factor.is_infinite() {
        // Rounding to more places before the point than any finite number has.
        return 0.0;
    }
    // Dividing by 100 is exact where multiplying by 0.01 is not.
    let scaled = if digits >= 0 { x * factor } else { x / factor };
    if !scaled.is_finite() || scaled.abs() >= 4_503_599_627_370_496.0 {
        // No fractional digits left to round at this scale.
        return x;
    }
    let whole = scaled.abs().trunc();
    let fraction = scaled.abs() - whole;
    // 2.675 is stored as 2.67499999...; a fraction within a few ulps of one
    // half is treated as exactly half so it rounds up as the user expects.
    let tolerance = scaled.abs() * 4.0 * f64::EPSILON;
    let rounded = if fraction + tolerance >= 0.5 {
        whole + 1.0
    } else {
        whole
    }
    .copysign(scaled);
    if digits >= 0 {
        rounded / factor
    } else {
        rounded * factor
    }
}
