// AUTOMATICALLY GENERATED FILE. DO NOT EDIT.

package assets

var bsd_2_clause = txt(asset{Name: "bsd_2_clause.txt", Content: "" +
	"---\ntitle: BSD 2-clause \"Simplified\" License\nnickname: BSD-2-Clause\ntab-slug: bsd-2\nredirect_from: /licenses/bsd/\ncategory: BSD\nvariant: true\nsource: http://opensource.org/licenses/BSD-2-Clause\n\ndescription: A permissive license that comes in two variants, the <a href=\"/licenses/bsd\">BSD 2-Clause</a> and <a href=\"/licenses/bsd-3-clause\">BSD 3-Clause</a>. Both have very minute differences to the MIT license.\n\nhow: Create a text file (typically named LICENSE or LICENSE.txt) in the root of your source code and copy the text of the license into th" +
