//! Constructors and `with`-style setters for every record a plugin builds, one concern a file.
//! A constructor takes the fields that have no sensible default; everything else has one, so a
//! field a later contract adds never breaks a plugin's source.

mod advisories;
mod findings;
mod integrity;
mod packages;
mod results;
