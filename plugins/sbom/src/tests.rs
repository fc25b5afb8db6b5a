//! The parser over SBOMs under `src/testdata/`: ospo's own outputs for a polyglot fixture and
//! third-party documents shaped as the tools that write them do.

use super::*;
