//! A v2/v3 lockfile read straight into the few fields the reader uses, borrowing its strings
//! from the text where they hold no escapes. Building a `serde_json::Value` of a 10,000-entry
//! lockfile (a map and a string allocation for every key and value, then freeing them all) was
//! a third of the parse; this reads each entry once and skips what it does not need.
//!
//! Every field is lenient, as `Value::as_str`/`as_bool` were: a value of the wrong type is
//! absent, never an error, so one odd entry cannot lose the file. Only text that is not JSON
//! fails, with serde_json's line.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Visitor methods giving `$value` for the scalar JSON types listed.
macro_rules! scalars_give {
    ($value:expr; $($kind:ident),*) => { $( scalars_give!(@one $kind, $value); )* };
    (@one bool, $value:expr) => { fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> { Ok($value) } };
    (@one str, $value:expr) => { fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> { Ok($value) } };
    (@one numbers, $value:expr) => {
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> { Ok($value) }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> { Ok($value) }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> { Ok($value) }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> { Ok($value) }
    };
    (@one seq, $value:expr) => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok($value)
        }
    };
    (@one map, $value:expr) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok($value)
        }
    };
}

/// The top of a lockfile: its version and, when it has one, the `packages` map in key order.
#[derive(Default)]
pub struct Lock<'a> {
    pub version: Option<u64>,
    /// `None` when there is no `packages` object; entries sorted by key, a repeated key's last.
    pub packages: Option<Vec<(Cow<'a, str>, Option<Entry<'a>>)>>,
}

/// One `packages` entry; `None` in [`Lock::packages`] when the value is not an object.
#[derive(Default)]
pub struct Entry<'a> {
    pub name: Option<Cow<'a, str>>,
    pub version: Option<Cow<'a, str>>,
    pub resolved: Option<Cow<'a, str>>,
    pub integrity: Option<Cow<'a, str>>,
    /// `license` as a string, or a legacy `{ "type": .. }` object's type.
    pub license: Option<Cow<'a, str>>,
    pub link: bool,
    pub dev: bool,
    pub optional: bool,
    pub dev_optional: bool,
    pub peer: bool,
    /// Names in each dependency group, in file order.
    pub dependencies: Vec<Cow<'a, str>>,
    pub optional_dependencies: Vec<Cow<'a, str>>,
    pub peer_dependencies: Vec<Cow<'a, str>>,
    pub dev_dependencies: Vec<Cow<'a, str>>,
    /// `peerDependenciesMeta` names marked `optional: true`.
    pub optional_peers: Vec<Cow<'a, str>>,
    /// The root's `workspaces` globs (an array of strings).
    pub workspaces: Vec<String>,
}

/// Reads `text`; the error is serde_json's (it carries the line).
pub fn read(text: &str) -> Result<Lock<'_>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let lock = LockSeed.deserialize(&mut de)?;
    de.end()?;
    Ok(lock)
}

struct LockSeed;

impl<'de> DeserializeSeed<'de> for LockSeed {
    type Value = Lock<'de>;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(LockVisitor)
    }
}

struct LockVisitor;

impl<'de> Visitor<'de> for LockVisitor {
    type Value = Lock<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut lock = Lock::default();
        while let Some(key) = map.next_key::<Key<'de>>()?.map(|k| k.0) {
            match key.as_ref() {
                "lockfileVersion" if lock.version.is_none() => lock.version = map.next_value::<Version>()?.0,
                "packages" => lock.packages = map.next_value::<Packages<'de>>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(lock)
    }
    // Not an object: the caller says so; the value is consumed, not an error.
    scalars_give!(Lock::default(); seq, str, bool, numbers);
}

/// `packages`: entries sorted by key (as a `serde_json::Map` iterates), a repeated key's last.
struct Packages<'a>(Option<Vec<(Cow<'a, str>, Option<Entry<'a>>)>>);

impl<'de> Deserialize<'de> for Packages<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Packages<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(Cow<'de, str>, Option<Entry<'de>>)> = Vec::new();
                while let Some(key) = map.next_key::<Key<'de>>()?.map(|k| k.0) {
                    let entry = map.next_value::<MaybeEntry<'de>>()?.0;
                    entries.push((key, entry));
                }
                // Sorted by position, not by moving entries of half a kilobyte each; stable, so
                // among equal keys the file's last stays last, and wins below.
                let mut order: Vec<usize> = (0..entries.len()).collect();
                order.sort_by(|&a, &b| entries[a].0.cmp(&entries[b].0));
                order.dedup_by(|later, earlier| {
                    let same = entries[*later].0 == entries[*earlier].0;
                    if same {
                        *earlier = *later;
                    }
                    same
                });
                let mut slots: Vec<Option<(Cow<'de, str>, Option<Entry<'de>>)>> =
                    entries.into_iter().map(Some).collect();
                let kept: Vec<(Cow<'de, str>, Option<Entry<'de>>)> =
                    order.into_iter().filter_map(|at| slots.get_mut(at).and_then(Option::take)).collect();
                Ok(Packages(Some(kept)))
            }
            scalars_give!(Packages(None); seq, str, bool, numbers);
        }
        de.deserialize_any(V)
    }
}

/// An entry, or `None` for a value that is not an object.
struct MaybeEntry<'a>(Option<Entry<'a>>);

impl<'de> Deserialize<'de> for MaybeEntry<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MaybeEntry<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an entry")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entry = Entry::default();
                while let Some(key) = map.next_key::<Key<'de>>()?.map(|k| k.0) {
                    // The first of a repeated field wins here, the last in a `Map`: a repeated
                    // field is not JSON npm writes, so either reading is fine.
                    match key.as_ref() {
                        "name" => entry.name = map.next_value::<Lenient<Cow<'de, str>>>()?.0,
                        "version" => entry.version = map.next_value::<Lenient<Cow<'de, str>>>()?.0,
                        "resolved" => entry.resolved = map.next_value::<Lenient<Cow<'de, str>>>()?.0,
                        "integrity" => entry.integrity = map.next_value::<Lenient<Cow<'de, str>>>()?.0,
                        "license" => entry.license = map.next_value::<License<'de>>()?.0,
                        "link" => entry.link = map.next_value::<Flag>()?.0,
                        "dev" => entry.dev = map.next_value::<Flag>()?.0,
                        "optional" => entry.optional = map.next_value::<Flag>()?.0,
                        "devOptional" => entry.dev_optional = map.next_value::<Flag>()?.0,
                        "peer" => entry.peer = map.next_value::<Flag>()?.0,
                        "dependencies" => entry.dependencies = map.next_value::<Keys<'de>>()?.0,
                        "optionalDependencies" => {
                            entry.optional_dependencies = map.next_value::<Keys<'de>>()?.0
                        }
                        "peerDependencies" => entry.peer_dependencies = map.next_value::<Keys<'de>>()?.0,
                        "devDependencies" => entry.dev_dependencies = map.next_value::<Keys<'de>>()?.0,
                        "peerDependenciesMeta" => {
                            entry.optional_peers = map.next_value::<OptionalPeers<'de>>()?.0
                        }
                        "workspaces" => entry.workspaces = map.next_value::<Strings>()?.0,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(MaybeEntry(Some(entry)))
            }
            scalars_give!(MaybeEntry(None); seq, str, bool, numbers);
        }
        de.deserialize_any(V)
    }
}

/// An object key, borrowed from the text unless it holds an escape (serde's own `Cow<str>`
/// always allocates).
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        de.deserialize_str(V)
    }
}

/// A string, or `None` (the value skipped) when it is of another type.
struct Lenient<T>(Option<T>);

/// `lockfileVersion`: a non-negative integer, else `None`.
struct Version(Option<u64>);

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Option<u64>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a version number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Some(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(u64::try_from(v).ok())
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            scalars_give!(None; seq, map, str, bool);
        }
        de.deserialize_any(V).map(Version)
    }
}

impl<'de> Deserialize<'de> for Lenient<Cow<'de, str>> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Option<Cow<'de, str>>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Some(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Some(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Some(Cow::Owned(v)))
            }
            scalars_give!(None; seq, map, bool, numbers);
        }
        de.deserialize_any(V).map(Lenient)
    }
}

/// `true` only for a JSON `true`.
struct Flag(bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Option<bool>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Some(v))
            }
            scalars_give!(None; seq, map, str, numbers);
        }
        de.deserialize_any(V).map(|v| Flag(v == Some(true)))
    }
}

/// The keys of an object (values skipped); empty for anything else.
struct Keys<'a>(Vec<Cow<'a, str>>);

impl<'de> Deserialize<'de> for Keys<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Keys<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut keys: Vec<Cow<'de, str>> = Vec::new();
                while let Some(key) = map.next_key::<Key<'de>>()?.map(|k| k.0) {
                    map.next_value::<IgnoredAny>()?;
                    // A repeated key is left for the reader's own de-duplication by name.
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
            scalars_give!(Keys(Vec::new()); seq, str, bool, numbers);
        }
        de.deserialize_any(V)
    }
}

/// `peerDependenciesMeta`: the names whose meta says `"optional": true`.
struct OptionalPeers<'a>(Vec<Cow<'a, str>>);

impl<'de> Deserialize<'de> for OptionalPeers<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OptionalPeers<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut names = Vec::new();
                while let Some(key) = map.next_key::<Key<'de>>()?.map(|k| k.0) {
                    let meta: serde_json::Value = map.next_value()?;
                    if meta.get("optional").and_then(serde_json::Value::as_bool) == Some(true) {
                        names.push(key);
                    }
                }
                Ok(OptionalPeers(names))
            }
            scalars_give!(OptionalPeers(Vec::new()); seq, str, bool, numbers);
        }
        de.deserialize_any(V)
    }
}

/// `license`: a string, or the legacy object's `type`.
struct License<'a>(Option<Cow<'a, str>>);

impl<'de> Deserialize<'de> for License<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Option<Cow<'de, str>>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a licence")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Some(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Some(Cow::Owned(v.to_string())))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut kind = None;
                while let Some(key) = map.next_key::<Key<'de>>()?.map(|k| k.0) {
                    if key == "type" && kind.is_none() {
                        kind = map.next_value::<Lenient<Cow<'de, str>>>()?.0;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(kind)
            }
            scalars_give!(None; seq, bool, numbers);
        }
        de.deserialize_any(V).map(License)
    }
}

/// An array's string elements (others skipped); empty for anything else.
struct Strings(Vec<String>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(de)?;
        let list =
            value.as_array().map(|l| l.iter().filter_map(|v| v.as_str().map(str::to_string)).collect());
        Ok(Strings(list.unwrap_or_default()))
    }
}
