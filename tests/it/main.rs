//! The integration tests, as one binary (as ripgrep and mdBook do): the binary under test and
//! Typst are linked once, and the shared set-up (the fixture class built once) is done once per
//! run. Fixtures live in `tests/fixtures/`; no test reads anything outside the repository.

// Test code: a failed `unwrap` is a failed test with its reason, not a user's crash. (The
// workspace lints forbid them in the tool itself; clippy.toml allows them in `#[test]`
// functions, and the helpers in `common/` are test code too.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod budgets;
mod class;
mod conversion;
mod corpus;
mod defects;
mod diagnostics;
mod forms;
mod frontmatter;
mod hostile;
mod import;
mod official_forms;
mod properties;
mod sample_candidate;
mod silent;
mod student;
