//! PEP 440 (<https://peps.python.org/pep-0440/>) through `pep440_rs`, which normalises as the
//! spec says (`2022.12.07` is `2022.12.7`, `1.0-RC1` is `1.0rc1`, `v1.0` is `1.0`) and orders
//! epochs, pre-, post- and dev-releases and local versions.

use std::str::FromStr;

pub use pep440_rs::Version;

/// A PEP 440 version, or `None` for a legacy version PEP 440 does not define.
pub fn parse(text: &str) -> Option<Version> {
    Version::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    /// The summary ordering of PEP 440's "Summary of permitted suffixes and relative ordering".
    #[test]
    fn spec_ordering_example() {
        let chain = [
            "1.dev0",
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1",
        ];
        for pair in chain.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn normalisation() {
        assert_eq!(v("2022.12.07"), v("2022.12.7"));
        assert_eq!(v("1.0"), v("1.0.0"));
        assert_eq!(v("1.0-RC1"), v("1.0rc1"));
        assert_eq!(v("1.0.alpha.1"), v("1.0a1"));
        assert_eq!(v("v1.0"), v("1.0"));
        assert_eq!(v("1.0-1"), v("1.0.post1"));
        assert_eq!(v("1.0.dev"), v("1.0.dev0"));
        assert_eq!(parse("not a version"), None);
    }

    #[test]
    fn epochs_win() {
        assert!(v("1!1.0") > v("2023.1"));
        assert!(v("0!9.0") < v("1!0.1"));
    }
}
