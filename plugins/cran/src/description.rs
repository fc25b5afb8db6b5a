//! An R `DESCRIPTION` file (Debian control format): the packages it names in `Depends`,
//! `Imports`, `LinkingTo` (needed to run or build) and `Suggests` (only to develop or test).

/// Package names, without version constraints, of a dependency field's value.
pub fn names(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|entry| entry.split('(').next().unwrap_or_default().trim().to_string())
        .filter(|name| !name.is_empty())
        .collect()
}

/// `(runtime, development)` names of a DESCRIPTION text.
pub fn dependencies(text: &str) -> (Vec<String>, Vec<String>) {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((key, value)) = line.split_once(':') {
            fields.push((key.trim().to_string(), value.trim().to_string()));
        }
    }
    let (mut runtime, mut development) = (Vec::new(), Vec::new());
    for (key, value) in &fields {
        match key.as_str() {
            "Depends" | "Imports" | "LinkingTo" => runtime.extend(names(value)),
            "Suggests" => development.extend(names(value)),
            _ => {}
        }
    }
    (runtime, development)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_continuations() {
        let text = "Package: demo\nDepends: R (>= 4.1),\n    BiocGenerics\nImports: DBI (>= 1.2),\n  FNN\nSuggests: KernSmooth\nLicense: MIT\n";
        let (runtime, development) = dependencies(text);
        assert_eq!(runtime, ["R", "BiocGenerics", "DBI", "FNN"]);
        assert_eq!(development, ["KernSmooth"]);
    }
}
