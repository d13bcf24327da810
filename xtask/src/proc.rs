//! Running commands: echo them, fail with a readable message, and (for test
//! runners) add up the counts from their closing lines while passing their
//! output through.

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::Result;
use crate::counts::Counts;

/// A command to run, built up like `std::process::Command` but printable.
pub struct Cmd {
    program: OsString,
    args: Vec<OsString>,
    inner: Command,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Cmd {
        Cmd {
            program: program.as_ref().to_owned(),
            args: Vec::new(),
            inner: Command::new(program),
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        self.args.push(arg.as_ref().to_owned());
        self.inner.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            self = self.arg(arg);
        }
        self
    }

    pub fn dir(mut self, dir: &Path) -> Cmd {
        self.inner.current_dir(dir);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Cmd {
        self.inner.env(key, value);
        self
    }

    /// Runs with this `PATH`, which puts the project's tools first.
    pub fn path(self, path: &OsStr) -> Cmd {
        self.env("PATH", path)
    }

    fn display(&self) -> String {
        let mut line = self.program.to_string_lossy().into_owned();
        for arg in &self.args {
            line.push(' ');
            line.push_str(&arg.to_string_lossy());
        }
        line
    }

    /// Runs the command with inherited output; an error if it fails.
    pub fn run(mut self) -> Result<()> {
        let line = self.display();
        println!("$ {line}");
        let status = self
            .inner
            .status()
            .map_err(|err| format!("could not start `{line}`: {err}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{line}` failed ({status})"))
        }
    }

    /// Runs the command and returns its trimmed standard output, or `None`
    /// if it cannot start or fails. For version probes.
    pub fn read(mut self) -> Option<String> {
        let output = self.inner.stderr(Stdio::null()).output().ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    /// Runs a test runner, passing its output through, and adds up the counts
    /// that `parse` finds in its lines.
    pub fn run_counting(mut self, parse: fn(&str) -> Option<Counts>) -> Result<Counts> {
        let line = self.display();
        println!("$ {line}");
        let mut child = self
            .inner
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|err| format!("could not start `{line}`: {err}"))?;
        let mut total = Counts::default();
        if let Some(stdout) = child.stdout.take() {
            for output_line in BufReader::new(stdout).lines() {
                let output_line = output_line.map_err(|err| format!("reading `{line}`: {err}"))?;
                println!("{output_line}");
                if let Some(counts) = parse(&output_line) {
                    total = total + counts;
                }
            }
        }
        let status = child
            .wait()
            .map_err(|err| format!("waiting for `{line}`: {err}"))?;
        if status.success() {
            Ok(total)
        } else {
            Err(format!("`{line}` failed ({status}): {total}"))
        }
    }
}
