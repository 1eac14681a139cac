//! Choosing the score scale of a file: the one asked for, the index's own (one index holds one
//! scale, so a file that does not fit it is refused with the flags that would work), or the one
//! its scores show; and the notes that say how the scores will be read.

use std::path::Path;

use super::columns::profile::Profile;
use super::columns::Roles;
use super::Observer;
use crate::error::{Error, Result};
use crate::score::{Scale, ScaleChoice};

pub(super) fn choose_scale(
    held: Option<Scale>,
    path: &Path,
    profile: &Profile,
    roles: &Roles,
    choice: ScaleChoice,
    observer: &mut dyn Observer,
) -> Result<Option<Scale>> {
    let Some(col) = roles.score else {
        observer.note(
            path,
            "no score column: responses are indexed without scores, and NPS/CSAT views will say so",
        );
        return Ok(held);
    };
    let sniffer = &profile.stats[col].scores;
    let column = &profile.headers[col];
    let scale = match (choice, held) {
        (ScaleChoice::Fixed(asked), Some(held)) if asked != held => {
            return Err(Error::input(path, format!("--scale {asked} differs from this index's scale ({held}); one index holds one scale, so ingest into another --index")));
        }
        (ScaleChoice::Fixed(asked), _) => asked,
        (ScaleChoice::Auto, Some(held)) => {
            if !sniffer.fits(held) {
                let (lo, hi) = sniffer.observed_range().unwrap_or((0, 0));
                let reads_as = sniffer
                    .detect()
                    .map_or(String::new(), |s| format!(" and read as {s}"));
                return Err(Error::input(path, format!("scores in '{column}' run from {lo} to {hi}{reads_as}, which is not this index's scale ({held}); one index holds one scale, so ingest into another --index, or pass --scale {} if these really are {held} scores", scale_flag(held))));
            }
            held
        }
        (ScaleChoice::Auto, None) => sniffer
            .detect()
            .map_err(|m| Error::input(path, format!("column '{column}': {m}")))?,
    };
    let range = sniffer.observed_range().filter(|&(lo, _)| lo >= 1);
    if let (true, Scale::Nps, Some((lo, hi))) = (roles.score_recommends, scale, range) {
        observer.note(
            path,
            &format!(
                "'{column}' asks how likely respondents are to recommend, answered {lo} to {hi} with no 0 (a 1-10 scale): read as NPS (promoters 9-10, passives 7-8, detractors {lo}-6)"
            ),
        );
    } else if roles.score_recommends {
        observer.note(
            path,
            &format!("'{column}' asks how likely respondents are to recommend: it is the score"),
        );
    }
    observer.note(
        path,
        &format!(
            "scores in '{column}' read as {scale} ({})",
            band_summary(scale)
        ),
    );
    Ok(Some(scale))
}

fn scale_flag(scale: Scale) -> String {
    match scale {
        Scale::Nps => "nps".into(),
        Scale::Csat => "csat".into(),
        Scale::Rating { min, max } => format!("rating:{min}-{max}"),
    }
}

fn band_summary(scale: Scale) -> String {
    use crate::score::Band;
    let (lo, hi) = scale.range();
    let range = |band: Band| {
        let scores: Vec<i32> = (lo..=hi).filter(|&s| scale.band(s) == band).collect();
        match (scores.first(), scores.last()) {
            (Some(a), Some(b)) if a == b => format!("{} {a}", scale.band_name(band)),
            (Some(a), Some(b)) => format!("{} {a}-{b}", scale.band_name(band)),
            _ => String::new(),
        }
    };
    format!(
        "{}, {}, {}",
        range(Band::Low),
        range(Band::Middle),
        range(Band::High)
    )
}
