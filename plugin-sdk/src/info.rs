//! Builders for what a plugin declares about itself: [`PluginInfo`] (with its [`FileFilter`]
//! and [`CodeInfo`]s) and a detector's [`ContentFilter`].

use crate::{CodeInfo, ContentFilter, FileFilter, Level, PluginInfo, PluginKind};

fn strings<I, S>(items: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    items.into_iter().map(Into::into).collect()
}

impl PluginInfo {
    /// A plugin that wants no files until [`PluginInfo::globs`] says otherwise. The kind is not
    /// given here: the `register_*!` macro (and [`crate::Detector::plugin_info`] and its
    /// siblings) set it from the trait the plugin implements.
    pub fn new(name: &str, version: &str) -> Self {
        PluginInfo {
            name: name.to_string(),
            version: version.to_string(),
            // Placeholder: overwritten from the trait before the host sees it.
            kind: PluginKind::Detector,
            description: String::new(),
            files: FileFilter::none(),
            formats: Vec::new(),
            ecosystems: Vec::new(),
            codes: Vec::new(),
            homepage: None,
        }
    }

    /// Sets the one-line description shown by `ospo plugins list`.
    pub fn describe(mut self, description: &str) -> Self {
        self.description = description.to_string();
        self
    }

    /// Glob patterns (relative to the scan root) of the files this plugin wants.
    pub fn globs<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.files.globs = strings(globs);
        self
    }

    /// Files larger than `bytes` are not sent.
    pub fn max_size(mut self, bytes: u64) -> Self {
        self.files.max_size = Some(bytes);
        self
    }

    /// Whether binary files are skipped.
    pub fn text_only(mut self, text_only: bool) -> Self {
        self.files.text_only = text_only;
        self
    }

    /// The formats a reporter renders (`markdown`, `cyclonedx-json`).
    pub fn formats<I, S>(mut self, formats: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.formats = strings(formats);
        self
    }

    /// The ecosystems a parser reads or an advisor has data for (`cargo`, `npm`), so the host
    /// can tell which packages nothing covers.
    pub fn ecosystems<I, S>(mut self, ecosystems: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.ecosystems = strings(ecosystems);
        self
    }

    /// Declares a diagnostic code the plugin raises, for `ospo explain CODE` and the docs.
    pub fn code(mut self, code: &str, level: Level, description: &str) -> Self {
        self.codes.push(CodeInfo::new(code, level, description));
        self
    }

    /// Where the plugin's documentation lives.
    pub fn homepage(mut self, url: &str) -> Self {
        self.homepage = Some(url.to_string());
        self
    }
}

impl FileFilter {
    /// No files: what advisors, collectors and reporters want.
    pub fn none() -> Self {
        FileFilter { globs: Vec::new(), max_size: None, text_only: false }
    }

    /// Files matching `globs`, any size, binary ones included.
    pub fn globs<I, S>(globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        FileFilter { globs: strings(globs), ..FileFilter::none() }
    }
}

impl CodeInfo {
    /// A stable kebab-case `code`, the level it is raised at, and what it means.
    pub fn new(code: &str, level: Level, description: &str) -> Self {
        CodeInfo { code: code.to_string(), level, description: description.to_string() }
    }
}

impl ContentFilter {
    /// No content filter: every file the plugin's globs select is sent.
    pub fn none() -> Self {
        ContentFilter { keywords: Vec::new(), always: Vec::new() }
    }

    /// Files holding one of `keywords` (ASCII letters in either case) are sent.
    pub fn new<I, S>(keywords: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ContentFilter { keywords: strings(keywords), always: Vec::new() }
    }

    /// Files matching these globs are sent whatever they hold.
    pub fn always<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.always = strings(globs);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_info_builder_sets_every_field() {
        let info = PluginInfo::new("cargo", "1.2.3")
            .describe("reads Cargo.lock")
            .globs(["**/Cargo.lock"])
            .max_size(1 << 20)
            .text_only(true)
            .ecosystems(["cargo"])
            .code("lockfile-malformed", Level::Warning, "Cargo.lock does not parse")
            .homepage("https://example.invalid/cargo");
        assert_eq!(info.files.globs, ["**/Cargo.lock"]);
        assert_eq!(info.files.max_size, Some(1 << 20));
        assert!(info.files.text_only);
        assert_eq!(info.ecosystems, ["cargo"]);
        assert_eq!(
            info.codes,
            [CodeInfo::new("lockfile-malformed", Level::Warning, "Cargo.lock does not parse")]
        );
        assert_eq!(info.homepage.as_deref(), Some("https://example.invalid/cargo"));
    }

    #[test]
    fn content_filters() {
        assert_eq!(ContentFilter::none(), ContentFilter { keywords: vec![], always: vec![] });
        let filter = ContentFilter::new(["copyright"]).always(["**/LICENSE*"]);
        assert_eq!(
            (filter.keywords, filter.always),
            (vec!["copyright".to_string()], vec!["**/LICENSE*".to_string()])
        );
    }
}
