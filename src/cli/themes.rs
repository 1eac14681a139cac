//! `verbatim themes`

use std::io::Write;

use clap::{Args, ValueEnum};

use super::{pct, write_json, Context, ScopeFlags};
use crate::output::{spreadsheet_safe, terminal_safe, thousands, Table};
use crate::themes::codebook::{Codebook, NamedTheme};
use crate::themes::{themes, Kind, ThemeGroupBy, ThemeOptions, ThemeReport};

/// The report's themes (each label once) as named themes, after any existing codebook's.
fn starting_codebook(report: &ThemeReport, existing: Option<&Codebook>) -> Codebook {
    let mut book = existing.cloned().unwrap_or_default();
    for theme in report.groups.iter().flat_map(|g| &g.themes) {
        if !book.themes.iter().any(|t| t.name == theme.label) {
            book.themes.push(NamedTheme {
                name: theme.label.clone(),
                terms: theme.terms.iter().take(6).cloned().collect(),
                query: None,
            });
        }
    }
    book
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ThemeFormat {
    Table,
    Json,
    Csv,
    Md,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Themes are terms and phrases that are distinctive for a group (against the rest of the scope, \
or against general language when there is one group), grouped into concerns. Mentions count responses; share is \
of the group's responses with comments; lift compares the share with the rest of the scope; impact is the NPS/CSAT \
of the mentioning responses minus the scope's."
)]
pub struct ThemesArgs {
    /// Group by band, quarter, none, or a segment column (plan, region...)
    #[arg(long, default_value = "band", value_parser = |s: &str| s.parse::<ThemeGroupBy>())]
    pub by: ThemeGroupBy,
    #[command(flatten)]
    pub scope: ScopeFlags,
    /// Only responses matching this search query
    #[arg(long)]
    pub query: Option<String>,
    /// Themes per group
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Fewest responses a theme's terms must appear in [default: 0.2% of responses, at least 5]
    #[arg(long)]
    pub min_mentions: Option<u32>,
    /// Only themes of this kind; repeatable
    #[arg(long, value_enum)]
    pub kind: Vec<Kind>,
    /// Example quotes per theme
    #[arg(long, default_value_t = 3)]
    pub quotes: usize,
    /// Numeric usage column for `--by quadrant` (usage quadrants)
    #[arg(long, value_name = "COLUMN")]
    pub usage_col: Option<String>,
    /// Quadrant lines: usage=N|median, satisfaction=promoter|passive|satisfied|neutral
    #[arg(long, value_name = "SPLIT", default_value = "median", value_parser = |s: &str| s.parse::<crate::context::quadrants::Split>())]
    pub usage_split: crate::context::quadrants::Split,
    /// Also list the themes whose share rose from the previous quarter to the latest
    #[arg(long)]
    pub emerging: bool,
    /// Count each theme per value of this segment column (theme by segment table)
    #[arg(long, value_name = "COLUMN")]
    pub segments: Option<String>,
    /// Codebook of named themes, ignored words, renames and merges (TOML; see docs/CODEBOOK.md)
    #[arg(long, value_name = "FILE.toml")]
    pub codebook: Option<std::path::PathBuf>,
    /// Write the themes found as a starting codebook to edit
    #[arg(long, value_name = "FILE.toml")]
    pub save_codebook: Option<std::path::PathBuf>,
    /// Show emails, phone numbers and card-like numbers in quotes (masked by default)
    #[arg(long)]
    pub no_redact: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ThemeFormat,
}

pub fn run(ctx: &Context, args: &ThemesArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let scope = args.scope.args().resolve(&store)?;
    let by = match (&args.by, &args.usage_col) {
        (ThemeGroupBy::Column(c), Some(col)) if c == "quadrant" => {
            let q = crate::context::quadrants::quadrants(&store, &scope, col, args.usage_split)?;
            ThemeGroupBy::Custom("quadrant".into(), q.of)
        }
        (ThemeGroupBy::Column(c), None) if c == "quadrant" => {
            return Err(crate::error::Error::Usage(
                "--by quadrant needs --usage-col COLUMN (a numeric usage column)".into(),
            )
            .into())
        }
        (by, _) => by.clone(),
    };
    let options = ThemeOptions {
        by,
        top: args.top.max(1),
        min_mentions: args.min_mentions,
        query: args.query.clone(),
        kinds: args.kind.clone(),
        quotes: args.quotes,
        redact: !args.no_redact,
        emerging: args.emerging,
        segments: args.segments.clone(),
        codebook: args.codebook.as_deref().map(Codebook::load).transpose()?,
        sample: crate::themes::corpus::SAMPLE_DOCS,
    };
    let report = themes(&store, &scope, &options)?;
    if let Some(path) = &args.save_codebook {
        starting_codebook(&report, options.codebook.as_ref()).save(path)?;
        eprintln!("wrote the themes as a codebook to {}", path.display());
    }
    match args.format {
        ThemeFormat::Json => write_json(out, &report)?,
        ThemeFormat::Csv => write_csv(&report, out)?,
        ThemeFormat::Md => write_md(&report, out)?,
        ThemeFormat::Table => write_table(&report, out)?,
    }
    let found = report.groups.iter().any(|g| !g.themes.is_empty());
    Ok(if found {
        super::exit::OK
    } else {
        super::exit::NO_RESULTS
    })
}

fn metric_cell(m: Option<&crate::score::Metric>) -> String {
    m.map_or("-".into(), |m| format!("{:.1}", m.value))
}

fn signed(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:+.1}"))
}

fn write_emerging(report: &ThemeReport, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(first) = report.emerging.first() else {
        return Ok(());
    };
    writeln!(
        out,
        "\n== emerging: {} against {}",
        first.quarter, first.previous_quarter
    )?;
    let mut t = Table::new(["theme", "before", "now", "change", "z", "significant"]);
    for e in &report.emerging {
        t.row(vec![
            e.label.clone(),
            format!(
                "{} ({}%)",
                thousands(e.previous_mentions),
                pct(e.previous_share)
            ),
            format!("{} ({}%)", thousands(e.mentions), pct(e.share)),
            format!("{:+.1} pts", e.change),
            format!("{:.1}", e.z),
            if e.significant {
                "yes".into()
            } else {
                "no (noise)".into()
            },
        ]);
    }
    t.write(out)?;
    Ok(())
}

fn write_segments(report: &ThemeReport, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(column) = &report.segment_column else {
        return Ok(());
    };
    for g in &report.groups {
        let Some(first) = g.themes.first() else {
            continue;
        };
        writeln!(
            out,
            "\n== {} by {column} (share of responses; * over-represented)",
            g.group
        )?;
        let mut headers = vec!["theme".to_string()];
        headers.extend(first.by_segment.iter().map(|s| s.value.clone()));
        let mut t = Table::new(headers);
        for th in &g.themes {
            let mut row = vec![th.label.clone()];
            row.extend(th.by_segment.iter().map(|s| {
                format!(
                    "{}{}",
                    pct(s.share),
                    if s.over_represented { "*" } else { "" }
                )
            }));
            t.row(row);
        }
        t.write(out)?;
    }
    Ok(())
}

fn write_table(report: &ThemeReport, out: &mut dyn Write) -> anyhow::Result<()> {
    let metric = report.metric_name.unwrap_or("score");
    writeln!(
        out,
        "Themes in {} ({} responses with comments; terms in at least {} responses)",
        report.scope,
        thousands(report.mined),
        report.min_mentions
    )?;
    for g in &report.groups {
        writeln!(out)?;
        let m = g
            .metric
            .as_ref()
            .map_or(String::new(), |m| format!(", {metric} {:.1}", m.value));
        writeln!(
            out,
            "== {} ({} responses{m})",
            g.group,
            thousands(g.responses)
        )?;
        if g.themes.is_empty() {
            writeln!(
                out,
                "   no theme reaches the minimum support; try --min-mentions or a wider scope"
            )?;
            continue;
        }
        let mut t = Table::new([
            "theme",
            "kind",
            "mentions",
            "share%",
            "lift",
            metric,
            "impact",
            "complaint/ask/praise",
            "terms",
        ]);
        for th in &g.themes {
            t.row(vec![
                th.label.clone(),
                th.kind.as_str().into(),
                thousands(th.mentions),
                pct(th.share),
                th.lift.map_or("-".into(), |l| format!("{l:.1}")),
                metric_cell(th.metric.as_ref()),
                signed(th.impact),
                format!(
                    "{}/{}/{}",
                    th.kinds.complaint, th.kinds.ask, th.kinds.praise
                ),
                th.terms
                    .iter()
                    .take(6)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            ]);
        }
        t.write(out)?;
        for th in &g.themes {
            if th.quotes.is_empty() {
                continue;
            }
            writeln!(out, "  {}:", terminal_safe(&th.label))?;
            for q in &th.quotes {
                let score = q.score.map_or(String::new(), |s| format!("{s}, "));
                writeln!(
                    out,
                    "    \"{}\" ({}{}, {})",
                    terminal_safe(&q.text),
                    score,
                    q.band,
                    q.id
                )?;
            }
        }
    }
    write_segments(report, out)?;
    write_emerging(report, out)?;
    Ok(())
}

fn write_csv(report: &ThemeReport, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "group",
        "theme",
        "key",
        "kind",
        "mentions",
        "share",
        "lift",
        "significance",
        "metric",
        "impact",
        "complaints",
        "asks",
        "praise",
        "terms",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    header.extend(report.quarters.iter().map(|q| format!("mentions_{q}")));
    w.write_record(&header)?;
    for g in &report.groups {
        for th in &g.themes {
            let mut row = vec![
                spreadsheet_safe(&g.group).into_owned(),
                spreadsheet_safe(&th.label).into_owned(),
                th.key.clone(),
                th.kind.as_str().into(),
                th.mentions.to_string(),
                format!("{:.2}", th.share),
                th.lift.map_or(String::new(), |l| format!("{l:.3}")),
                format!("{:.1}", th.significance),
                th.metric
                    .map_or(String::new(), |m| format!("{:.2}", m.value)),
                th.impact.map_or(String::new(), |v| format!("{v:.2}")),
                th.kinds.complaint.to_string(),
                th.kinds.ask.to_string(),
                th.kinds.praise.to_string(),
                spreadsheet_safe(&th.terms.join("; ")).into_owned(),
            ];
            row.extend(th.quarters.iter().map(|q| q.mentions.to_string()));
            w.write_record(&row)?;
        }
    }
    w.flush()?;
    Ok(())
}

use crate::output::markdown_safe as md_cell;

fn write_md(report: &ThemeReport, out: &mut dyn Write) -> anyhow::Result<()> {
    let metric = report.metric_name.unwrap_or("score");
    writeln!(out, "# Themes: {}\n", md_cell(&report.scope))?;
    for g in &report.groups {
        writeln!(
            out,
            "## {} ({} responses)\n",
            md_cell(&g.group),
            thousands(g.responses)
        )?;
        writeln!(
            out,
            "| theme | kind | mentions | share | lift | {metric} | impact |"
        )?;
        writeln!(out, "|---|---|---:|---:|---:|---:|---:|")?;
        for th in &g.themes {
            writeln!(
                out,
                "| {} | {} | {} | {}% | {} | {} | {} |",
                md_cell(&th.label),
                th.kind.as_str(),
                thousands(th.mentions),
                pct(th.share),
                th.lift.map_or("-".into(), |l| format!("{l:.1}")),
                metric_cell(th.metric.as_ref()),
                signed(th.impact)
            )?;
        }
        writeln!(out)?;
        for th in &g.themes {
            for q in &th.quotes {
                writeln!(
                    out,
                    "> {} ({}, {})\n",
                    md_cell(&q.text),
                    md_cell(&q.band),
                    md_cell(&q.id)
                )?;
            }
        }
    }
    Ok(())
}
