//! Groups from the `Gemfile` (or `gems.rb`) beside a lockfile, best effort: a Gemfile is Ruby,
//! and this reads only the shapes nearly every Gemfile uses, line by line:
//! `group :development, :test do` … `end` blocks (nested ones add up), and `group:` /
//! `groups:` / `:group =>` options on a `gem` line. Other blocks (`platforms`, `source`, `if`,
//! `install_if`) are tracked only so their `end` closes the right one. Whatever it cannot read
//! leaves the gem in the default group, so the worst case is a dev gem reported as runtime.

use std::collections::{BTreeSet, HashMap};

use ospo_plugin_sdk::DependencyScope;

/// The groups each gem of the Gemfile is declared in (`default` when none).
#[derive(Debug, Default)]
pub struct Groups {
    by_gem: HashMap<String, BTreeSet<String>>,
}

impl Groups {
    /// The scope the Gemfile gives `gem`, when it names it.
    pub fn scope(&self, gem: &str) -> Option<DependencyScope> {
        self.by_gem.get(gem).map(scope_of)
    }
}

/// Runtime if any group is not a development one; else development, or test when every group
/// is a test group.
fn scope_of(groups: &BTreeSet<String>) -> DependencyScope {
    const TEST: &[&str] = &["test", "tests", "spec", "e2e", "system_tests", "integration"];
    const DEVELOPMENT: &[&str] = &[
        "development",
        "dev",
        "debug",
        "lint",
        "linting",
        "linters",
        "rubocop",
        "ci",
        "doc",
        "docs",
        "documentation",
        "benchmark",
        "bench",
        "benchmarks",
        "tools",
        "guard",
        "coverage",
        "profiling",
    ];
    let test = groups.iter().all(|g| TEST.contains(&g.as_str()));
    let dev_or_test = groups.iter().all(|g| TEST.contains(&g.as_str()) || DEVELOPMENT.contains(&g.as_str()));
    match (groups.is_empty(), test, dev_or_test) {
        (true, _, _) | (false, _, false) => DependencyScope::Runtime,
        (false, true, _) => DependencyScope::Test,
        (false, false, true) => DependencyScope::Development,
    }
}

/// Reads `text` (a Gemfile).
pub fn parse(text: &str) -> Groups {
    let mut groups = Groups::default();
    // One frame per open block: the groups it adds (empty for non-group blocks).
    let mut frames: Vec<Vec<String>> = Vec::new();
    for raw in text.lines() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if line == "end" || line.starts_with("end ") || line.starts_with("end.") || line == "end)" {
            frames.pop();
            continue;
        }
        let opens_block = line.ends_with(" do") || line.contains(" do |");
        let keyword_block = ["if ", "unless ", "case ", "begin", "while ", "until ", "def "]
            .iter()
            .any(|k| line.starts_with(k));
        if let Some(rest) = line.strip_prefix("group").filter(|r| r.starts_with([' ', '('])) {
            if opens_block {
                let head = rest.rsplit_once(" do").map_or(rest, |(head, _)| head);
                // Options after the symbols (`optional: true`) are not groups.
                frames.push(symbols(head));
            }
            continue;
        }
        if opens_block || keyword_block {
            frames.push(Vec::new());
        }
        if let Some(rest) = line.strip_prefix("gem ").or_else(|| line.strip_prefix("gem(")) {
            let Some(name) = first_string(rest) else { continue };
            let mut set: BTreeSet<String> = frames.iter().flatten().cloned().collect();
            set.extend(inline_groups(rest));
            let entry = groups.by_gem.entry(name).or_default();
            // A gem named twice (per platform) keeps every group either line gives.
            entry.extend(set);
        }
    }
    groups
}

/// The line without a `#` comment (a `#` inside quotes is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') => return &line[..at],
            _ => {}
        }
    }
    line
}

/// The first quoted string of `text`.
fn first_string(text: &str) -> Option<String> {
    let start = text.find(['"', '\''])?;
    let quote = text[start..].chars().next()?;
    let rest = &text[start + 1..];
    let end = rest.find(quote)?;
    Some(rest[..end].to_string())
}

/// Group symbols of a `group` head: `:development, :test`, `(:test)`, `"ci"`; options such as
/// `optional: true` are skipped.
fn symbols(head: &str) -> Vec<String> {
    head.split(',')
        .map(|part| part.trim().trim_matches(['(', ')', ' ']))
        .filter(|part| !part.contains(": ") && !part.ends_with(':') && !part.contains("=>"))
        .filter_map(|part| {
            let name = part.strip_prefix(':').unwrap_or(part).trim_matches(['"', '\'']);
            (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .then(|| name.to_string())
        })
        .collect()
}

/// Groups given on a `gem` line: `group: :test`, `groups: [:development, :test]`,
/// `:group => :test`, `group: %i[development test]`.
fn inline_groups(rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["groups:", "group:", ":groups =>", ":group =>", "\"group\" =>"] {
        let Some(at) = rest.find(key) else { continue };
        // `group:` also matches the tail of `groups:`; the longer key was tried first.
        if key == "group:" && rest[..at].ends_with('s') {
            continue;
        }
        let value = rest[at + key.len()..].trim_start();
        let value = if let Some(list) = value.strip_prefix('[') {
            list.split(']').next().unwrap_or(list)
        } else if let Some(list) = value.strip_prefix("%i[").or_else(|| value.strip_prefix("%w[")) {
            let list = list.split(']').next().unwrap_or(list);
            out.extend(list.split_whitespace().map(str::to_string));
            break;
        } else {
            value.split(',').next().unwrap_or(value)
        };
        out.extend(symbols(value));
        break;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GEMFILE: &str = r#"
source "https://rubygems.org"
gem "rails", "~> 8.1.3"
gem "tzinfo-data", platforms: %i[ windows jruby ]

group :development, :test do
  gem "debug", platforms: %i[ mri windows ], require: "debug/prelude"
  gem "brakeman", require: false # a comment with group: :x
end

group :development do
  gem "web-console"
  platforms :mri do
    gem "byebug"
  end
end

group :test do
  gem "capybara"
end
gem "rspec-rails", group: [:development, :test]
gem "simplecov", :group => :test
gem "puma", groups: %i[production]
if ENV["X"]
  gem "x-only"
end
gem 'sassc'
"#;

    #[test]
    fn groups_become_scopes() {
        let groups = parse(GEMFILE);
        let scope = |g: &str| groups.scope(g);
        assert_eq!(scope("rails"), Some(DependencyScope::Runtime));
        assert_eq!(scope("tzinfo-data"), Some(DependencyScope::Runtime));
        assert_eq!(scope("debug"), Some(DependencyScope::Development));
        assert_eq!(scope("brakeman"), Some(DependencyScope::Development));
        assert_eq!(scope("web-console"), Some(DependencyScope::Development));
        assert_eq!(scope("byebug"), Some(DependencyScope::Development), "nested platforms block");
        assert_eq!(scope("capybara"), Some(DependencyScope::Test));
        assert_eq!(scope("rspec-rails"), Some(DependencyScope::Development));
        assert_eq!(scope("simplecov"), Some(DependencyScope::Test));
        assert_eq!(scope("puma"), Some(DependencyScope::Runtime), "production is not a dev group");
        assert_eq!(scope("x-only"), Some(DependencyScope::Runtime));
        assert_eq!(scope("sassc"), Some(DependencyScope::Runtime), "blocks closed");
        assert_eq!(scope("nokogiri"), None);
    }
}
