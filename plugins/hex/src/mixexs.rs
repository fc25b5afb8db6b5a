//! The `deps` list of a `mix.exs` beside a `mix.lock`: which apps the project names itself and
//! for which environments (`only: :test`, `only: [:dev, :test]`). `mix.exs` is Elixir code, so
//! this is a best-effort scan, not an evaluation: it reads the tuples `{:name, ...}` of the list
//! the `deps` function returns and their `only:` option. Umbrella siblings (`in_umbrella:
//! true`) are the project, not dependencies.

use ospo_plugin_sdk::DependencyScope;

/// A dependency the project declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    pub app: String,
    pub scope: DependencyScope,
}

pub fn direct_deps(text: &str) -> Vec<Declared> {
    let Some(list) = deps_list(text) else { return Vec::new() };
    let mut out = Vec::new();
    for tuple in top_level_tuples(list) {
        let body = tuple.trim_start_matches('{').trim_start();
        let Some(rest) = body.strip_prefix(':') else { continue };
        let app: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if app.is_empty() || option(tuple, "in_umbrella:").is_some_and(|v| v.starts_with("true")) {
            continue;
        }
        let scope = option(tuple, "only:").map_or(DependencyScope::Runtime, only_scope);
        out.push(Declared { app, scope });
    }
    out
}

/// The environments of `only:` as a scope: runtime when `:prod` is among them, test when only
/// `:test`, development otherwise.
fn only_scope(value: &str) -> DependencyScope {
    let envs: Vec<&str> = if value.starts_with('[') {
        value
            .get(1..value.find(']').unwrap_or(value.len()))
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .collect()
    } else {
        vec![value.split([',', '}', ' ', '\n']).next().unwrap_or_default()]
    };
    let envs: Vec<&str> = envs.iter().map(|e| e.trim_start_matches(':')).collect();
    if envs.contains(&"prod") {
        DependencyScope::Runtime
    } else if !envs.is_empty() && envs.iter().all(|e| *e == "test") {
        DependencyScope::Test
    } else {
        DependencyScope::Development
    }
}

/// The text after `key` in a tuple, leading spaces trimmed.
fn option<'t>(tuple: &'t str, key: &str) -> Option<&'t str> {
    let at = tuple.find(key)?;
    tuple.get(at + key.len()..).map(str::trim_start)
}

/// The `[...]` that `defp deps do` (or `def deps`) opens with.
fn deps_list(text: &str) -> Option<&str> {
    let start = ["defp deps", "def deps"].iter().find_map(|head| text.find(head))?;
    let after = text.get(start..)?;
    let open = after.find('[')?;
    let body = after.get(open..)?;
    let mut depth = 0usize;
    for (i, c) in scan(body) {
        match c {
            '[' | '{' | '(' => depth += 1,
            ']' | '}' | ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return body.get(..=i);
                }
            }
            _ => {}
        }
    }
    Some(body)
}

/// The `{...}` elements directly inside the list.
fn top_level_tuples(list: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, None);
    for (i, c) in scan(list) {
        match c {
            '[' | '{' | '(' => {
                depth += 1;
                if depth == 2 && c == '{' {
                    start = Some(i);
                }
            }
            ']' | '}' | ')' => {
                if depth == 2
                    && c == '}'
                    && let Some(s) = start.take()
                    && let Some(tuple) = list.get(s..=i)
                {
                    out.push(tuple);
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    out
}

/// The characters of code that matter for nesting: strings and `#` comments are skipped.
fn scan(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut chars = text.char_indices().peekable();
    let mut in_string = false;
    std::iter::from_fn(move || {
        while let Some((i, c)) = chars.next() {
            match (in_string, c) {
                (true, '\\') => {
                    chars.next();
                }
                (true, '"') => in_string = false,
                (true, _) => {}
                (false, '"') => in_string = true,
                (false, '#') => {
                    for (_, c) in chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (false, _) => return Some((i, c)),
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deps_with_environments() {
        let text = "defmodule A do\n  defp deps do\n    [\n      # {:commented, \"~> 1\"},\n      {:plug, \"~> 1.0\"},\n      {:ex_machina, \"~> 2.4\", only: :test},\n      {:cowboy, \"~> 1.0\", only: [:test, :dev]},\n      {:credo, \"~> 1.7\", only: [:dev, :test], runtime: false},\n      {:core, in_umbrella: true},\n      {:gun, git: \"https://example.invalid/gun.git\", ref: \"dd1b\", override: true}\n    ]\n  end\nend\n";
        let deps = direct_deps(text);
        let got: Vec<(&str, DependencyScope)> = deps.iter().map(|d| (d.app.as_str(), d.scope)).collect();
        assert_eq!(
            got,
            [
                ("plug", DependencyScope::Runtime),
                ("ex_machina", DependencyScope::Test),
                ("cowboy", DependencyScope::Development),
                ("credo", DependencyScope::Development),
                ("gun", DependencyScope::Runtime),
            ]
        );
        assert!(direct_deps("no deps here").is_empty());
        assert!(direct_deps("defp deps do [ {:a, \"1\"").len() <= 1);
    }
}
