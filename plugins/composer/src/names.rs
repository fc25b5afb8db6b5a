//! Package names: purls and the platform requirements that name no package.

use ospo_plugin_sdk::purl::purl as build_purl;

/// `pkg:composer/vendor/name@version`: the vendor is the purl namespace.
pub fn purl(name: &str, version: Option<&str>) -> String {
    let (namespace, short) = match name.split_once('/') {
        Some((vendor, short)) => (Some(vendor), short),
        None => (None, name),
    };
    build_purl("composer", namespace, short, version).unwrap_or_else(|_| match version {
        Some(v) => format!("composer:{name}@{v}"),
        None => format!("composer:{name}"),
    })
}

/// `php`, `ext-json`, `lib-icu`, `composer-plugin-api`, `hhvm`: requirements on the platform,
/// not packages. Every real package name has a `vendor/` part.
pub fn is_platform(name: &str) -> bool {
    !name.contains('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_and_platform_names() {
        assert_eq!(purl("symfony/console", Some("v2.8.48")), "pkg:composer/symfony/console@v2.8.48");
        assert_eq!(purl("psr/log", None), "pkg:composer/psr/log");
        for platform in ["php", "ext-openssl", "lib-icu", "composer-plugin-api", "php-64bit"] {
            assert!(is_platform(platform), "{platform}");
        }
        assert!(!is_platform("psr/log"));
    }
}
