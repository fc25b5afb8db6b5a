//! The licence-category chart: a horizontal bar chart as inline SVG (no library, no script), one
//! bar per category in the order of how much each asks of a distributor, the count beside it.
//! Colours come from the stylesheet (`.cat-*`), so the chart and the table's badges agree.

use crate::categories::Category;
use crate::escape;

const WIDTH: u32 = 460;
const LABEL: u32 = 130;
const ROW: u32 = 26;
const BAR: u32 = 16;
/// Room right of the longest bar for its count.
const COUNT: u32 = 48;

/// The chart of `counts` (in [`Category::ALL`] order), titled `title`; `None` when all are zero.
pub fn bars(title: &str, unit: (&str, &str), counts: &[usize; 7]) -> Option<String> {
    let total: usize = counts.iter().sum();
    let max = counts.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return None;
    }
    let rows: Vec<(Category, usize)> = Category::ALL.iter().copied().zip(counts.iter().copied()).collect();
    let height = ROW * rows.len() as u32 + 8;
    let span = WIDTH - LABEL - COUNT;
    let mut svg = format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption>\
         <svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" aria-label=\"{}\">",
        escape::text(title),
        escape::attr(&format!("{title}: {}", summary(&rows, unit))),
    );
    for (i, (category, count)) in rows.iter().enumerate() {
        let y = 4 + ROW * i as u32;
        // A bar of at least 2 px for a count above zero, so a single package still shows.
        let length = if *count == 0 { 0 } else { ((span as usize * count) / max).max(2) as u32 };
        let share = (count * 100 + total / 2).checked_div(total).unwrap_or(0);
        svg.push_str(&format!(
            "<g class=\"cat-{name}\"><title>{words}: {count} {noun} ({share}%)</title>\
             <text class=\"label\" x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{words}</text>\
             <rect x=\"{LABEL}\" y=\"{by}\" width=\"{length}\" height=\"{BAR}\" rx=\"3\"></rect>\
             <text class=\"count\" x=\"{cx}\" y=\"{ty}\">{count}</text></g>",
            name = category.as_str(),
            words = category.words(),
            lx = LABEL - 8,
            ty = y + BAR - 4,
            by = y,
            cx = LABEL + length + 6,
            noun = if *count == 1 { unit.0 } else { unit.1 },
        ));
    }
    svg.push_str("</svg></figure>");
    Some(svg)
}

/// The chart in words, for screen readers: `permissive 12, weak copyleft 1 (13 packages)`.
fn summary(rows: &[(Category, usize)], unit: (&str, &str)) -> String {
    let parts: Vec<String> =
        rows.iter().filter(|(_, n)| *n > 0).map(|(c, n)| format!("{} {n}", c.words())).collect();
    let total: usize = rows.iter().map(|(_, n)| n).sum();
    format!("{} ({total} {})", parts.join(", "), if total == 1 { unit.0 } else { unit.1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_empty_charts_are_left_out() {
        assert_eq!(bars("Packages", ("package", "packages"), &[0; 7]), None);
        let svg = bars("Packages", ("package", "packages"), &[0, 10, 1, 0, 0, 0, 5]).expect("a chart");
        assert!(svg.contains("width=\"282\" height=\"16\""), "the largest bar spans the plot: {svg}");
        assert!(svg.contains("width=\"28\" height=\"16\""), "{svg}");
        assert!(svg.contains("<title>permissive: 10 packages (63%)</title>"), "{svg}");
        assert!(
            svg.contains("aria-label=\"Packages: permissive 10, weak copyleft 1, unknown 5 (16 packages)\"")
        );
    }
}
