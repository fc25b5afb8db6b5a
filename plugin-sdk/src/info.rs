//! Conveniences on the shared types: builders for `PluginInfo`, constructors for diagnostics and
//! findings, empty outputs.

use crate::{
    AdviseOutput, CollectOutput, DetectOutput, Diagnostic, FileFilter, Level, LineRange, ParseOutput,
    PluginInfo, PluginKind,
};

impl PluginInfo {
    /// A plugin that wants no files until [`PluginInfo::globs`] says otherwise.
    pub fn new(kind: PluginKind, name: &str, version: &str) -> Self {
        PluginInfo {
            name: name.to_string(),
            version: version.to_string(),
            kind,
            description: String::new(),
            files: FileFilter { globs: Vec::new(), max_size: None, text_only: false },
            formats: Vec::new(),
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
        self.files.globs = globs.into_iter().map(Into::into).collect();
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

    /// The formats a reporter renders.
    pub fn formats<I, S>(mut self, formats: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.formats = formats.into_iter().map(Into::into).collect();
        self
    }
}

impl Diagnostic {
    /// A diagnostic with a stable kebab-case `code`.
    pub fn new(code: &str, level: Level, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.to_string(),
            level,
            message: message.into(),
            path: None,
            line: None,
            plugin: None,
        }
    }

    /// Points the diagnostic at a file and, where known, a 1-based line.
    pub fn at(mut self, path: &str, line: Option<u32>) -> Self {
        self.path = Some(path.to_string());
        self.line = line;
        self
    }
}

impl LineRange {
    /// A range of 1-based, inclusive lines.
    pub fn new(start: u32, end: u32) -> Self {
        LineRange { start, end: end.max(start) }
    }

    /// A single line.
    pub fn line(line: u32) -> Self {
        LineRange { start: line, end: line }
    }
}

// The generated types cannot carry a derive of ours (the enums they sit beside have no default).
#[allow(clippy::derivable_impls)]
impl Default for DetectOutput {
    fn default() -> Self {
        DetectOutput {
            licenses: Vec::new(),
            copyrights: Vec::new(),
            observations: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

#[allow(clippy::derivable_impls)]
impl Default for ParseOutput {
    fn default() -> Self {
        ParseOutput { packages: Vec::new(), edges: Vec::new(), diagnostics: Vec::new() }
    }
}

#[allow(clippy::derivable_impls)]
impl Default for AdviseOutput {
    fn default() -> Self {
        AdviseOutput { advisories: Vec::new(), diagnostics: Vec::new() }
    }
}

#[allow(clippy::derivable_impls)]
impl Default for CollectOutput {
    fn default() -> Self {
        CollectOutput { metrics: Vec::new(), diagnostics: Vec::new() }
    }
}
