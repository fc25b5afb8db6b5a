//! Turning index hits into advisories: per package, every matching record, ids of one flaw
//! merged into one advisory (GHSA + CVE + PYSEC), each with why it matched; and the diagnostics
//! that say what could not be checked.

use std::collections::BTreeMap;

use ospo_plugin_sdk::{
    AdviseOutput, Advisory, AdvisoryMatch, AffectedRange, Diagnostic, EventKind, Level, Package, RangeType,
};

use crate::entry::{Entry, Rule};
use crate::index::Index;
use crate::matcher::{self, Hit, Outcome};
use crate::{Loaded, names, severity};

/// How many examples an aggregated diagnostic lists.
const EXAMPLES: usize = 10;

pub fn loaded_summary(
    index: &Index,
    found: &[String],
    asked: &[String],
    withdrawn: usize,
    toolchain: usize,
) -> Vec<Diagnostic> {
    if index.entries.is_empty() {
        let message = if found.is_empty() {
            format!(
                "no advisory data: none of the data grants {asked:?} exists; run `ospo db update` or grant a \
                 directory with [plugin.osv.data] db = \"PATH\""
            )
        } else {
            format!("no advisory data: the data grants {found:?} hold no OSV, RustSec or PyPA advisories")
        };
        // No grant at all: the user has not set advisories up, which is a fact, not a fault.
        let (code, level) = if found.is_empty() {
            ("advisory-db-missing", Level::Info)
        } else {
            ("advisory-db-empty", Level::Warning)
        };
        return vec![Diagnostic::new(code, level, message)];
    }
    let per: Vec<String> = index.per_ecosystem.iter().map(|(eco, n)| format!("{eco} {n}")).collect();
    vec![Diagnostic::new(
        "advisory-loaded",
        Level::Info,
        format!(
            "{} advisories loaded from grants {found:?} ({}); {withdrawn} withdrawn and {toolchain} toolchain \
             advisories skipped",
            index.entries.len(),
            per.join(", ")
        ),
    )]
}

/// Preference for the id an advisory is reported under: the database's own over aliases.
fn id_rank(id: &str) -> u8 {
    match id.split('-').next().unwrap_or("") {
        "RUSTSEC" => 0,
        "PYSEC" => 1,
        "GO" => 2,
        "GHSA" => 3,
        "CVE" => 5,
        _ => 4,
    }
}

struct Matched<'a> {
    entry: &'a Entry,
    affected: usize,
    hit: Hit,
}

pub fn advise(loaded: &Loaded, packages: &[Package]) -> AdviseOutput {
    let index = &loaded.index;
    let mut out = AdviseOutput::default();
    out.diagnostics.extend(loaded.diagnostics.iter().cloned());
    if index.entries.is_empty() {
        return out;
    }
    let mut unmatchable: Vec<String> = Vec::new();
    let mut unmatchable_count = 0usize;
    let mut uncovered: BTreeMap<String, usize> = BTreeMap::new();
    for package in packages {
        let Some(version) = package.version.as_deref() else { continue };
        if names::off_registry(package) {
            continue;
        }
        let (ecosystem, name, distro) = names::of_package(package);
        if !index.covers(&ecosystem) {
            *uncovered.entry(ecosystem).or_default() += 1;
            continue;
        }
        let mut hits: Vec<Matched<'_>> = Vec::new();
        for &(e, a) in index.lookup(&ecosystem, &name) {
            let Some(entry) = index.entries.get(e as usize) else { continue };
            let Some(affected) = entry.affected.get(a as usize) else { continue };
            if !names::same_release(affected.release.as_deref(), distro.as_deref()) {
                continue;
            }
            match matcher::evaluate(&affected.rule, &ecosystem, version) {
                Outcome::Affected(hit) => hits.push(Matched { entry, affected: a as usize, hit }),
                Outcome::NotAffected => {}
                Outcome::Unmatchable(reason) => {
                    unmatchable_count += 1;
                    if unmatchable.len() < EXAMPLES {
                        unmatchable.push(format!("{} for {}: {reason}", entry.id, package.id));
                    }
                }
            }
        }
        for group in merge(hits) {
            out.advisories.push(advisory(package, version, &group));
        }
    }
    if unmatchable_count > 0 {
        let more = unmatchable_count.saturating_sub(unmatchable.len());
        let tail = if more > 0 { format!(" (and {more} more)") } else { String::new() };
        out.diagnostics.push(Diagnostic::new(
            "advisory-unmatchable",
            Level::Info,
            format!(
                "{unmatchable_count} advisories name packages of this scan but cannot be compared with their \
                 versions: {}{tail}",
                unmatchable.join("; ")
            ),
        ));
    }
    for (ecosystem, count) in uncovered {
        out.diagnostics.push(Diagnostic::new(
            "advisory-no-data",
            Level::Info,
            format!(
                "{count} {ecosystem} packages not checked: the advisory data holds no {ecosystem} advisories"
            ),
        ));
    }
    out
}

/// Groups hits whose ids or aliases meet (one flaw under several ids).
fn merge(hits: Vec<Matched<'_>>) -> Vec<Vec<Matched<'_>>> {
    let mut groups: Vec<Vec<Matched<'_>>> = Vec::new();
    for hit in hits {
        let ids: Vec<&str> = std::iter::once(hit.entry.id.as_str())
            .chain(hit.entry.aliases.iter().map(String::as_str))
            .collect();
        let meets = |group: &Vec<Matched<'_>>| {
            group.iter().any(|m| {
                std::iter::once(m.entry.id.as_str())
                    .chain(m.entry.aliases.iter().map(String::as_str))
                    .any(|id| ids.contains(&id))
            })
        };
        let mut joined: Vec<Matched<'_>> = vec![hit];
        let mut rest = Vec::new();
        for group in groups {
            if meets(&group) { joined.extend(group) } else { rest.push(group) }
        }
        rest.push(joined);
        groups = rest;
    }
    for group in &mut groups {
        group.sort_by(|a, b| {
            id_rank(&a.entry.id).cmp(&id_rank(&b.entry.id)).then_with(|| a.entry.id.cmp(&b.entry.id))
        });
    }
    groups.sort_by(|a, b| a[0].entry.id.cmp(&b[0].entry.id));
    groups
}

fn advisory(package: &Package, version: &str, group: &[Matched<'_>]) -> Advisory {
    let primary = &group[0];
    let entry = primary.entry;
    let affected = &entry.affected[primary.affected];
    let mut advisory =
        Advisory::new(&entry.id, &package.id, &entry.summary).kind(affected.kind.unwrap_or(entry.kind));
    let mut aliases: Vec<&str> = group
        .iter()
        .flat_map(|m| std::iter::once(m.entry.id.as_str()).chain(m.entry.aliases.iter().map(String::as_str)))
        .filter(|id| *id != entry.id)
        .collect();
    aliases.sort_unstable();
    aliases.dedup();
    for alias in aliases {
        advisory = advisory.alias(alias);
    }
    if let Some(details) = group.iter().find_map(|m| m.entry.details.as_deref()) {
        advisory = advisory.details(details);
    }
    let mut seen = Vec::new();
    for m in group {
        for s in severity::of_entry(m.entry) {
            let key = (s.scheme.clone(), s.vector.clone(), s.source.clone());
            if !seen.contains(&key) {
                seen.push(key);
                advisory = advisory.severity(s);
            }
        }
    }
    if let Rule::Osv { ranges, versions } = &affected.rule {
        for range in ranges {
            advisory = advisory.range(to_range(range));
        }
        for v in versions {
            advisory = advisory.version(v);
        }
    }
    for f in &primary.hit.fixed {
        advisory = advisory.fixed(f);
    }
    let mut references: Vec<&str> = Vec::new();
    for m in group {
        for r in &m.entry.references {
            if !references.contains(&r.as_str()) {
                references.push(r);
            }
        }
    }
    for r in references {
        advisory = advisory.reference(r);
    }
    if let Some(date) = &entry.published {
        advisory = advisory.published(date);
    }
    if let Some(date) = &entry.modified {
        advisory = advisory.modified(date);
    }
    let mut matched = AdvisoryMatch::new(version, &primary.hit.range, primary.hit.comparator);
    if let Some(upgrade) = &primary.hit.upgrade_to {
        matched = matched.upgrade_to(upgrade);
    }
    advisory.matched(matched)
}

fn to_range(range: &crate::osv::Range) -> AffectedRange {
    let mut out = match range.kind.as_str() {
        "SEMVER" => AffectedRange::semver(),
        "GIT" => AffectedRange::git(range.repo.as_deref().unwrap_or("")),
        _ => AffectedRange::new(RangeType::Ecosystem),
    };
    for event in &range.events {
        let (kind, v) = if let Some(v) = &event.introduced {
            (EventKind::Introduced, v)
        } else if let Some(v) = &event.fixed {
            (EventKind::Fixed, v)
        } else if let Some(v) = &event.last_affected {
            (EventKind::LastAffected, v)
        } else if let Some(v) = &event.limit {
            (EventKind::Limit, v)
        } else {
            continue;
        };
        out = out.event(kind, v);
    }
    out
}
