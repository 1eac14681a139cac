//! The report's charts as inline SVG partials: each is a function from data to [`Markup`], so
//! every label goes through maud's escaping. They scale to their container (a `viewBox`), carry
//! `role="img"` with a `<title>`, and come in two widths where a phone needs its own layout.

mod axis;
mod bars;
mod heat;
mod line;
mod priority;
mod spark;
mod split;

pub use axis::TimeAxis;
pub use bars::{bar_chart, Bar};
pub use heat::heat_map;
pub use line::line_chart;
pub use priority::{priority_chart, Point};
pub use spark::sparkline;
pub use split::stacked_bars;

use maud::{html, Markup};

use super::format::{coord, finite};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Band colours: low (detractor) red, middle (passive) amber, high (promoter) green. Each has
/// at least 4.5:1 contrast against white text or, for amber, against the dark text drawn on it.
pub const LOW: &str = "#c62828";
pub const MIDDLE: &str = "#f2b233";
pub const HIGH: &str = "#2e7d32";
pub const ASK: &str = "#1f5fa8";
pub const INK: &str = "#1b1f24";
pub const MUTED: &str = "#5b6470";
pub const GRID: &str = "#dde1e6";
/// The fill of a span of quarters without responses.
const GAP_FILL: &str = "#eef0f3";

/// Width of the wide charts' viewBox (they scale to the container).
pub const WIDE: f64 = 860.0;
/// Width of the phone layout's viewBox: drawn at about its own size on a 390 px screen.
pub const NARROW: f64 = 370.0;

/// Estimated advance width of `s` at `size` (system sans-serif: digits about 0.55 em, capitals
/// wider), kept slightly generous so that labels placed apart by it do not touch.
pub fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    s.chars().count() as f64 * size * if bold { 0.66 } else { 0.62 }
}

/// How an SVG `<text>` is drawn.
#[derive(Clone, Copy)]
pub struct Font {
    pub size: f64,
    pub bold: bool,
    /// `text-anchor`; None for the start.
    pub anchor: Option<&'static str>,
    pub fill: &'static str,
    /// A white outline, to stay legible over lines and bands.
    pub halo: bool,
}

impl Font {
    pub const fn new(size: f64, fill: &'static str) -> Font {
        Font {
            size,
            bold: false,
            anchor: None,
            fill,
            halo: false,
        }
    }
    pub const fn middle(self) -> Font {
        Font {
            anchor: Some("middle"),
            ..self
        }
    }
    pub const fn end(self) -> Font {
        Font {
            anchor: Some("end"),
            ..self
        }
    }
    pub const fn bold(self) -> Font {
        Font { bold: true, ..self }
    }
    pub const fn halo(self) -> Font {
        Font { halo: true, ..self }
    }
}

/// An SVG `<text>`; `content` is escaped like all data.
pub fn text(x: f64, y: f64, font: Font, content: &str) -> Markup {
    html! {
        text x=(coord(x)) y=(coord(y)) text-anchor=[font.anchor] font-size=(coord(font.size))
            font-weight=[font.bold.then_some("bold")] fill=(font.fill)
            paint-order=[font.halo.then_some("stroke")] stroke=[font.halo.then_some("#fff")]
            stroke-width=[font.halo.then_some("3")] { (content) }
    }
}

/// An SVG `<rect>` (written with a closing tag: inside HTML, SVG elements need one).
pub fn rect(x: f64, y: f64, w: f64, h: f64, fill: &str) -> Markup {
    html! {
        rect x=(coord(x)) y=(coord(y)) width=(coord(w.max(0.0))) height=(coord(h.max(0.0))) fill=(fill) {}
    }
}

pub fn hline(x1: f64, x2: f64, y: f64, stroke: &str) -> Markup {
    html! {
        line x1=(coord(x1)) y1=(coord(y)) x2=(coord(x2)) y2=(coord(y)) stroke=(stroke) stroke-width="1" {}
    }
}

/// `x,y x,y ...` for `points` attributes.
pub fn points(xy: impl IntoIterator<Item = (f64, f64)>) -> String {
    xy.into_iter()
        .map(|(x, y)| format!("{},{}", coord(x), coord(y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `<svg class="chart ...">` with its viewBox, `role="img"` and `<title>` around `body`.
pub fn frame(id: &str, class: &str, size: (f64, f64), title: &str, body: Markup) -> Markup {
    let title_id = format!("{id}-title");
    html! {
        svg xmlns=(SVG_NS) id=(id) class={ "chart " (class) }
            viewBox=(format!("0 0 {} {}", coord(size.0), coord(size.1))) role="img"
            aria-labelledby=(title_id) preserveAspectRatio="xMinYMin meet" {
            title id=(title_id) { (title) }
            (body)
        }
    }
}

/// A chart drawn twice, for wide screens (and print) and for phones; CSS shows one of them, and
/// the one hidden is hidden from assistive technology too (`display:none`).
pub fn responsive(draw: impl Fn(f64) -> Markup) -> Markup {
    html! { (draw(WIDE)) (draw(NARROW)) }
}

/// The plotting area of a chart with axes, inside its margins.
pub struct Plot {
    pub left: f64,
    pub right: f64,
    pub width: f64,
    pub height: f64,
}

impl Plot {
    /// A chart `width` × `height` with `top` and `bottom` margins, and the side margins of the
    /// wide layout or of the phone one.
    pub fn new(
        width: f64,
        (height, top, bottom): (f64, f64, f64),
        wide: (f64, f64),
        narrow: (f64, f64),
    ) -> Plot {
        let (left, right) = if width >= WIDE { wide } else { narrow };
        Plot {
            left,
            right,
            width: width - left - right,
            height: height - top - bottom,
        }
    }
}

/// The id and class of the chart drawn at `width`: the phone copy's id ends in "-narrow", and
/// the classes `screen-wide` and `screen-narrow` say which screens show it.
pub fn variant(id: &str, width: f64) -> (String, &'static str) {
    if width < WIDE {
        (format!("{id}-narrow"), "screen-narrow")
    } else {
        (id.to_string(), "screen-wide")
    }
}

/// The spans of an axis without responses, drawn as shaded gaps from `x0(start)` to
/// `x1(end)`, each with a `<title>` naming its quarters.
pub fn gaps(
    axis: &TimeAxis,
    top: f64,
    height: f64,
    x0: impl Fn(i64) -> f64,
    x1: impl Fn(i64) -> f64,
) -> Markup {
    html! {
        @for (start, end) in axis.gaps() {
            g class="gap" {
                title { (axis.span_label(start, end)) ": no responses" }
                rect class="gap" x=(coord(x0(start))) y=(coord(top)) width=(coord(x1(end) - x0(start)))
                    height=(coord(height)) fill=(GAP_FILL) stroke=(GRID) stroke-dasharray="3 3" {}
            }
        }
    }
}

/// The smallest of 1, 2, 2.5, 5 × 10^k at or above `x` (for bar-chart scales).
pub fn nice_ceiling(x: f64) -> f64 {
    let x = finite(x).max(1e-9);
    let base = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if base * m >= x - 1e-9 {
            return base * m;
        }
    }
    base * 10.0
}

/// Axis bounds and tick step covering `lo..hi` in about five steps.
pub fn nice_range(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 10.0)
    };
    if hi - lo < 4.0 {
        let mid = (lo + hi) / 2.0;
        lo = mid - 2.0;
        hi = mid + 2.0;
    }
    let step = nice_ceiling((hi - lo) / 5.0);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// Interpolates from a near-white to a deep blue; `t` in 0..=1.
pub fn heat_color(t: f64) -> String {
    let from = [0xf3, 0xf6, 0xfa];
    let to = [0x0d, 0x3b, 0x73];
    let t = t.clamp(0.0, 1.0);
    let c: Vec<u8> = from
        .iter()
        .zip(to)
        .map(|(a, b)| (*a as f64 + (b as f64 - *a as f64) * t).round() as u8)
        .collect();
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}
