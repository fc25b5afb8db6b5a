//! The own manifests of packages in the Maven and NuGet caches: who the package is, so a cache
//! folder is only taken for the package it holds, and the licence it declares. License-text reads
//! `pom.xml` and `*.nuspec` by name, but a Maven repository names its poms `artifact-version.pom`,
//! a pom often inherits its `<licenses>` from a parent pom elsewhere in the repository, and a
//! nuspec's licence may be a file of the package or only a URL: so the host reads these itself.

use ospo_expression::convention;

use crate::model::DeclaredLicense;
use ospo_xml::Element;

/// A Maven artefact's coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coordinates {
    pub group: String,
    pub artifact: String,
    pub version: String,
}

impl std::fmt::Display for Coordinates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.group, self.artifact, self.version)
    }
}

/// One `<license>` of a pom.
#[derive(Debug, Clone, Default)]
pub struct PomLicense {
    pub name: Option<String>,
    pub url: Option<String>,
}

/// What a pom says about itself.
#[derive(Debug, Clone)]
pub struct Pom {
    /// Its own coordinates, the group and version inherited from the parent where it omits them
    /// (as Maven does).
    pub coordinates: Coordinates,
    pub parent: Option<Coordinates>,
    pub licenses: Vec<PomLicense>,
}

/// The whole document, or why not: a manifest that does not parse is not believed in part (its
/// identity decides which package a folder is).
fn parse_xml(text: &str) -> Result<Element, String> {
    ospo_xml::parse_whole(text).map_err(|e| format!("not well-formed XML: {e}"))
}

pub fn read_pom(text: &str) -> Result<Pom, String> {
    let root = parse_xml(text)?;
    if root.name != "project" {
        return Err(format!("the root element is <{}>, not <project>", root.name));
    }
    let parent = root.child("parent").and_then(|p| {
        Some(Coordinates {
            group: p.text_of("groupId")?.to_string(),
            artifact: p.text_of("artifactId")?.to_string(),
            version: p.text_of("version")?.to_string(),
        })
    });
    let artifact = root.text_of("artifactId").ok_or("no <artifactId>")?.to_string();
    let group = root
        .text_of("groupId")
        .map(str::to_string)
        .or_else(|| parent.as_ref().map(|p| p.group.clone()))
        .ok_or("no <groupId>, and no parent to inherit it from")?;
    let version = root
        .text_of("version")
        .map(str::to_string)
        .or_else(|| parent.as_ref().map(|p| p.version.clone()))
        .ok_or("no <version>, and no parent to inherit it from")?;
    let licenses = root
        .child("licenses")
        .map(|l| {
            l.children("license")
                .map(|one| PomLicense {
                    name: one.text_of("name").map(str::to_string),
                    url: one.text_of("url").map(str::to_string),
                })
                .filter(|one| one.name.is_some() || one.url.is_some())
                .collect()
        })
        .unwrap_or_default();
    Ok(Pom { coordinates: Coordinates { group, artifact, version }, parent, licenses })
}

/// The licence a pom's `<licenses>` declare (several are a choice, as license-text reads a
/// `pom.xml`), or none when it lists none (the parent's apply then).
pub fn pom_declared(licenses: &[PomLicense], path: &str) -> Option<DeclaredLicense> {
    let mut raws = Vec::new();
    let mut expressions = Vec::new();
    for license in licenses {
        let by_name = license.name.as_deref().map(ospo_expression::normalize);
        let by_url = license.url.as_deref().and_then(licence_of_url);
        // A name says what the licence is; a URL is the fallback for names nothing resolves
        // ("Bouncy Castle Licence" is a LicenseRef either way, "Apache 2" is resolved by name).
        let expression = match (by_name, by_url) {
            (Some(name), _) if name.exact => name.expression,
            (_, Some(url)) => url,
            (Some(name), None) => name.expression,
            (None, None) => continue,
        };
        raws.push(license.name.clone().or_else(|| license.url.clone()).unwrap_or_default());
        expressions.push(expression);
    }
    if expressions.is_empty() {
        return None;
    }
    expressions.dedup();
    let parts: Vec<&str> = expressions.iter().map(String::as_str).collect();
    let expression = if parts.len() == 1 { parts[0].to_string() } else { ospo_expression::or(&parts) };
    Some(DeclaredLicense { raw: raws.join("; "), expression, path: Some(path.to_string()) })
}

/// What a nuspec says about itself.
#[derive(Debug, Clone)]
pub struct Nuspec {
    pub id: String,
    pub version: String,
    /// `<license type="...">text</license>`: the type and the text.
    pub license: Option<(String, String)>,
    pub license_url: Option<String>,
}

pub fn read_nuspec(text: &str) -> Result<Nuspec, String> {
    let root = parse_xml(text)?;
    if root.name != "package" {
        return Err(format!("the root element is <{}>, not <package>", root.name));
    }
    let metadata: &Element = root.child("metadata").ok_or("no <metadata>")?;
    let id = metadata.text_of("id").ok_or("no <id>")?.to_string();
    let version = metadata.text_of("version").ok_or("no <version>")?.to_string();
    let license = metadata.child("license").and_then(|l| {
        let text = l.text.trim();
        (!text.is_empty())
            .then(|| (l.attribute("type").unwrap_or("expression").to_string(), text.to_string()))
    });
    let license_url = metadata.text_of("licenseUrl").map(str::to_string);
    Ok(Nuspec { id, version, license, license_url })
}

/// A nuspec's licence: an SPDX expression, a file of the package, or a legacy URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NuspecLicence {
    Declared(DeclaredLicense),
    /// `<license type="file">`: the licence is the text of that file, relative to the package.
    File(String),
}

pub fn nuspec_declared(nuspec: &Nuspec, path: &str) -> Option<NuspecLicence> {
    let declared = |raw: &str, expression: String| DeclaredLicense {
        raw: raw.to_string(),
        expression,
        path: Some(path.to_string()),
    };
    match &nuspec.license {
        Some((kind, file)) if kind == "file" => return Some(NuspecLicence::File(file.replace('\\', "/"))),
        Some((_, raw)) => {
            return Some(NuspecLicence::Declared(declared(raw, ospo_expression::normalize(raw).expression)));
        }
        None => {}
    }
    // NuGet's placeholder beside a licence file says nothing; another URL is read where it
    // names a licence unambiguously, and otherwise declares nothing (a URL is no expression).
    let url = nuspec.license_url.as_deref()?;
    licence_of_url(url).map(|expression| NuspecLicence::Declared(declared(url, expression)))
}

/// The licence a licence URL names, when it names one unambiguously: an SPDX expression as the
/// URL's last segment (the SPDX list's pages, NuGet's licence service, OSI's `licenses/MIT`), or
/// one of the two URLs manifests write most (Apache's LICENSE-2.0 page, OSI's mit-license).
pub fn licence_of_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest).trim_end_matches('/');
    let (host, path) = rest.split_once('/')?;
    let host = host.strip_prefix("www.").unwrap_or(host).to_ascii_lowercase();
    let last = path.rsplit('/').next().unwrap_or(path);
    let stem = [".txt", ".html", ".htm", ".php", ".md"]
        .iter()
        .find_map(|ext| last.strip_suffix(ext))
        .unwrap_or(last);
    if host == "apache.org" && path.starts_with("licenses/LICENSE-2.0") {
        return Some("Apache-2.0".into());
    }
    if host == "opensource.org" && stem.eq_ignore_ascii_case("mit-license") {
        return Some("MIT".into());
    }
    let decoded = stem.replace("%20", " ").replace("%28", "(").replace("%29", ")").replace('+', " ");
    // `LICENSE`, `LICENSE-2.0`, `license.html`: a file name, not an expression.
    if convention::is_license_file(&decoded) {
        return None;
    }
    ospo_expression::canonical(&decoded).ok()
}

/// NuGet's normalised version, as its global packages folder names it: build metadata dropped,
/// lower case, three numeric parts at least (`1.0` is `1.0.0`), a fourth only when not zero,
/// leading zeros gone.
pub fn nuget_version(version: &str) -> String {
    let version = version.trim();
    let version = version.split('+').next().unwrap_or(version).to_ascii_lowercase();
    let (release, pre) = match version.split_once('-') {
        Some((release, pre)) => (release, Some(pre)),
        None => (version.as_str(), None),
    };
    let mut parts: Vec<String> = release
        .split('.')
        .map(|p| p.parse::<u64>().map_or_else(|_| p.to_string(), |n| n.to_string()))
        .collect();
    while parts.len() < 3 {
        parts.push("0".into());
    }
    if parts.len() == 4 && parts[3] == "0" {
        parts.pop();
    }
    let release = parts.join(".");
    match pre {
        Some(pre) => format!("{release}-{pre}"),
        None => release,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pom_inherits_group_and_version_from_its_parent() {
        let pom = read_pom(
            "<project><parent><groupId>org.slf4j</groupId><artifactId>slf4j-parent</artifactId>\
             <version>1.7.36</version></parent><artifactId>slf4j-api</artifactId></project>",
        )
        .expect("a pom");
        assert_eq!(pom.coordinates.to_string(), "org.slf4j:slf4j-api:1.7.36");
        assert_eq!(pom.parent.map(|p| p.artifact).as_deref(), Some("slf4j-parent"));
        assert!(pom.licenses.is_empty());
        assert!(read_pom("<project><groupId>g</groupId></project>").is_err());
        assert!(read_pom("<package/>").is_err());
    }

    #[test]
    fn pom_licences_are_named_or_found_by_url() {
        let licence = |name: Option<&str>, url: Option<&str>| PomLicense {
            name: name.map(str::to_string),
            url: url.map(str::to_string),
        };
        let one = pom_declared(
            &[licence(
                Some("The Apache Software License, Version 2.0"),
                Some("http://www.apache.org/licenses/LICENSE-2.0.txt"),
            )],
            "p.pom",
        )
        .expect("declared");
        assert_eq!(one.expression, "Apache-2.0");
        assert_eq!(one.path.as_deref(), Some("p.pom"));
        let by_url =
            pom_declared(&[licence(Some("Bespoke"), Some("https://opensource.org/licenses/MIT"))], "p")
                .expect("declared");
        assert_eq!(by_url.expression, "MIT");
        let two = pom_declared(
            &[
                licence(Some("Eclipse Public License - v 2.0"), None),
                licence(Some("GNU General Public License, version 2 with the GNU Classpath Exception"), None),
            ],
            "p",
        )
        .expect("declared");
        assert!(two.expression.starts_with("EPL-2.0 OR "), "{}", two.expression);
        assert!(pom_declared(&[], "p").is_none());
    }

    #[test]
    fn nuspec_licences_expression_file_and_url() {
        let nuspec = |license: &str| {
            read_nuspec(&format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\">\
                 <metadata><id>Acme.Lib</id><version>1.2.0</version>{license}</metadata></package>"
            ))
            .expect("a nuspec")
        };
        let declared = |n: &Nuspec| nuspec_declared(n, "$NUGET_PACKAGES/acme.lib/1.2.0/acme.lib.nuspec");
        match declared(&nuspec("<license type=\"expression\">MIT OR Apache-2.0</license>")) {
            Some(NuspecLicence::Declared(d)) => assert_eq!(d.expression, "MIT OR Apache-2.0"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            declared(&nuspec(
                "<license type=\"file\">docs\\LICENSE.txt</license><licenseUrl>https://aka.ms/deprecateLicenseUrl</licenseUrl>"
            )),
            Some(NuspecLicence::File("docs/LICENSE.txt".into()))
        );
        match declared(&nuspec("<licenseUrl>http://www.apache.org/licenses/LICENSE-2.0.html</licenseUrl>")) {
            Some(NuspecLicence::Declared(d)) => {
                assert_eq!(
                    (d.raw.as_str(), d.expression.as_str()),
                    ("http://www.apache.org/licenses/LICENSE-2.0.html", "Apache-2.0")
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            declared(&nuspec("<licenseUrl>https://github.com/acme/lib/blob/main/LICENSE</licenseUrl>")),
            None
        );
        assert_eq!(declared(&nuspec("<licenseUrl>https://aka.ms/deprecateLicenseUrl</licenseUrl>")), None);
    }

    #[test]
    fn licence_urls_name_a_licence_only_unambiguously() {
        assert_eq!(
            licence_of_url("https://spdx.org/licenses/BSD-3-Clause.html").as_deref(),
            Some("BSD-3-Clause")
        );
        assert_eq!(
            licence_of_url("https://example.org/(MIT%20OR%20Apache-2.0)").as_deref(),
            Some("MIT OR Apache-2.0")
        );
        assert_eq!(
            licence_of_url("http://www.opensource.org/licenses/mit-license.php").as_deref(),
            Some("MIT")
        );
        assert_eq!(licence_of_url("https://example.org/LICENSE"), None);
        assert_eq!(licence_of_url("https://example.org/licence.html"), None);
        assert_eq!(licence_of_url("not a url"), None);
    }

    #[test]
    fn nuget_versions_normalise_as_the_packages_folder_names_them() {
        assert_eq!(nuget_version("1.0"), "1.0.0");
        assert_eq!(nuget_version("1.2.3.0"), "1.2.3");
        assert_eq!(nuget_version("1.2.3.4"), "1.2.3.4");
        assert_eq!(nuget_version("01.02.03"), "1.2.3");
        assert_eq!(nuget_version("0.0.1-Beta.34+sha.abc"), "0.0.1-beta.34");
    }
}
