//! Undo and redo for the designer: whole snapshots, with keystrokes in one
//! field merged into one step.

/// How many edits undo keeps.
pub const HISTORY_LIMIT: usize = 100;

/// Undo and redo over whole snapshots. Snapshots are cheap next to a person
/// typing, and they cannot drift from the state the way inverse edits can.
#[derive(Clone, Debug)]
pub struct History<T> {
    past: Vec<T>,
    future: Vec<T>,
    /// The field of the last edit, when typing into it should stay one
    /// step.
    last_key: Option<String>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            past: Vec::new(),
            future: Vec::new(),
            last_key: None,
        }
    }
}

impl<T> History<T> {
    /// Records the state before an edit. Consecutive edits with the same
    /// `key` (keystrokes in one field) make one step; `None` always makes a
    /// step of its own.
    pub fn record(&mut self, before: T, key: Option<&str>) {
        let same_field = key.is_some() && key == self.last_key.as_deref();
        self.last_key = key.map(str::to_owned);
        self.future.clear();
        if same_field {
            return;
        }
        self.past.push(before);
        if self.past.len() > HISTORY_LIMIT {
            self.past.remove(0);
        }
    }

    /// The state before the last edit, given the current one (kept for
    /// redo).
    pub fn undo(&mut self, current: T) -> Option<T> {
        let previous = self.past.pop()?;
        self.future.push(current);
        self.last_key = None;
        Some(previous)
    }

    /// The state undo left, given the current one.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let next = self.future.pop()?;
        self.past.push(current);
        self.last_key = None;
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Ends the current step: the next keystroke in the same field starts a
    /// new one (a field lost focus).
    pub fn seal(&mut self) {
        self.last_key = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_undoes_and_redoes_and_merges_keystrokes_in_one_field() {
        let mut history = History::default();
        let mut state = 0;
        for (value, key) in [
            (1, None),
            (2, Some("name")),
            (3, Some("name")),
            (4, Some("weight")),
        ] {
            history.record(state, key);
            state = value;
        }
        // 0 -> 1, 1 -> 3 (two keystrokes in "name"), 3 -> 4.
        state = history.undo(state).unwrap();
        assert_eq!(state, 3);
        state = history.undo(state).unwrap();
        assert_eq!(state, 1);
        state = history.redo(state).unwrap();
        assert_eq!(state, 3);
        state = history.undo(state).unwrap();
        state = history.undo(state).unwrap();
        assert_eq!(state, 0);
        assert!(history.undo(state).is_none());
        assert!(history.can_redo());
        // A new edit drops what could be redone.
        history.record(state, None);
        assert!(!history.can_redo());
    }

    #[test]
    fn history_keeps_the_last_hundred_steps_and_seal_splits_a_field() {
        let mut history = History::default();
        for state in 0..150 {
            history.record(state, None);
        }
        let mut state = 150;
        let mut steps = 0;
        while let Some(previous) = history.undo(state) {
            state = previous;
            steps += 1;
        }
        assert_eq!(steps, HISTORY_LIMIT);
        assert_eq!(state, 50);

        let mut history = History::default();
        history.record(0, Some("name"));
        history.seal();
        history.record(1, Some("name"));
        assert_eq!(history.undo(2), Some(1));
        assert_eq!(history.undo(1), Some(0));
    }
}
