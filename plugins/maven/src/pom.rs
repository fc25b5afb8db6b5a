//! `pom.xml` as written: coordinates, parent, properties, dependency management and
//! dependencies, each entry with its byte offset.

use crate::xml::{self, Element};

/// A `<dependency>` entry, uninterpolated.
#[derive(Debug, Clone, Default)]
pub struct Dep {
    pub group: String,
    pub artifact: String,
    pub version: Option<String>,
    pub scope: Option<String>,
    pub classifier: Option<String>,
    pub ty: Option<String>,
    pub optional: bool,
    pub offset: usize,
}

impl Dep {
    fn read(e: &Element) -> Dep {
        let text = |name: &str| e.text_of(name).map(str::to_string);
        Dep {
            group: text("groupId").unwrap_or_default(),
            artifact: text("artifactId").unwrap_or_default(),
            version: text("version"),
            scope: text("scope"),
            classifier: text("classifier"),
            ty: text("type"),
            optional: e.text_of("optional") == Some("true"),
            offset: e.offset,
        }
    }

    /// A BOM import: `<type>pom</type><scope>import</scope>` in dependency management.
    pub fn is_import(&self) -> bool {
        self.scope.as_deref() == Some("import")
    }
}

/// `<parent>`.
#[derive(Debug, Clone, Default)]
pub struct Parent {
    pub group: String,
    pub artifact: String,
    pub version: Option<String>,
    /// `None`: the default `../pom.xml`; `Some("")`: `<relativePath/>`, look it up in a repository.
    pub relative_path: Option<String>,
    pub offset: usize,
}

/// A POM as written.
#[derive(Debug, Clone, Default)]
pub struct Pom {
    pub model_version: Option<String>,
    pub group: Option<String>,
    pub artifact: Option<String>,
    pub version: Option<String>,
    pub packaging: Option<String>,
    pub parent: Option<Parent>,
    pub properties: Vec<(String, String)>,
    pub managed: Vec<Dep>,
    pub deps: Vec<Dep>,
    pub licenses: Vec<String>,
    /// `<modules>`: directories of the reactor's modules, relative to this POM.
    pub modules: Vec<String>,
    /// Offset of the `<artifactId>` (else `<project>`): the project's own line.
    pub offset: usize,
}

impl Pom {
    /// The groupId, inherited from the parent when the POM leaves it out.
    pub fn group_id(&self) -> Option<&str> {
        self.group.as_deref().or(self.parent.as_ref().map(|p| p.group.as_str()))
    }

    /// The version, inherited from the parent when the POM leaves it out.
    pub fn version_raw(&self) -> Option<&str> {
        self.version.as_deref().or(self.parent.as_ref().and_then(|p| p.version.as_deref()))
    }
}

/// Reads a POM; `None` when there is no `<project>` root. The XML error, if any, comes back
/// with what was read before it.
pub fn read(text: &str) -> (Option<Pom>, Option<xml::XmlError>) {
    let (root, error) = xml::parse(text);
    let pom = root.filter(|r| r.name == "project").map(|root| {
        let text = |name: &str| root.text_of(name).map(str::to_string);
        let deps_of = |e: Option<&Element>| -> Vec<Dep> {
            e.map(|d| d.children("dependency").map(Dep::read).collect()).unwrap_or_default()
        };
        Pom {
            model_version: text("modelVersion"),
            group: text("groupId"),
            artifact: text("artifactId"),
            version: text("version"),
            packaging: text("packaging"),
            parent: root.child("parent").map(|p| Parent {
                group: p.text_of("groupId").unwrap_or_default().to_string(),
                artifact: p.text_of("artifactId").unwrap_or_default().to_string(),
                version: p.text_of("version").map(str::to_string),
                relative_path: p.child("relativePath").map(|r| r.text.trim().to_string()),
                offset: p.offset,
            }),
            properties: root
                .child("properties")
                .map(|p| p.children.iter().map(|c| (c.name.clone(), c.text.trim().to_string())).collect())
                .unwrap_or_default(),
            managed: deps_of(root.child("dependencyManagement").and_then(|m| m.child("dependencies"))),
            deps: deps_of(root.child("dependencies")),
            licenses: root
                .child("licenses")
                .map(|l| {
                    l.children("license").filter_map(|l| l.text_of("name").map(str::to_string)).collect()
                })
                .unwrap_or_default(),
            modules: root
                .child("modules")
                .map(|m| {
                    m.children("module")
                        .map(|m| m.text.trim().to_string())
                        .filter(|m| !m.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            offset: root.child("artifactId").map_or(root.offset, |a| a.offset),
        }
    });
    (pom, error)
}
