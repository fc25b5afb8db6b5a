Tag: missing-notice-file-for-apache-license
Severity: error
Check: debian/copyright/apache-notice
Explanation: The package appears to be licensed under the Apache 2.0 license and
 a <code>NOTICE</code> file (or similar) exists in the source tree. However, no
 files called <code>NOTICE</code> or <code>NOTICE.txt</code> are installed in any
 of the binary packages.
