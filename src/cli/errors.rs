//! Library errors in the CLI's words: a refusal about something the user set with a flag names
//! that flag, so the message says exactly what to type next. Every other error keeps the
//! library's words.

use crate::error::{ColumnRole, ColumnUse, Error, NeedsNumbers, NeedsScores, Refusal};

/// The error and its causes joined as `{:#}` joins them, refusals worded with the CLI's flags.
pub fn words(e: &anyhow::Error) -> String {
    e.chain()
        .map(|cause| match cause.downcast_ref::<Error>() {
            Some(Error::Refused(refusal)) => {
                with_flags(refusal).unwrap_or_else(|| refusal.to_string())
            }
            _ => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// The refusal naming the flag that fixes it, where one does.
fn with_flags(refusal: &Refusal) -> Option<String> {
    Some(match refusal {
        Refusal::NoScores {
            wanted: NeedsScores::BandFilter,
        } => "--band needs scores, and this index holds none".to_string(),
        Refusal::BadFilter { pair } => {
            format!("--where needs COLUMN=VALUE, e.g. --where plan=Pro (got '{pair}')")
        }
        Refusal::DatesReversed { from, to } => format!("--from {from} is after --to {to}"),
        Refusal::UnknownColumn {
            column,
            wanted: ColumnUse::ThemeSegments,
            ..
        } => format!("no segment column '{column}' for --segments"),
        Refusal::LanguageMismatch { dir, built, asked } => format!(
            "the index in {} was built for language {built}, not {asked}; use another --index for {asked} comments",
            dir.display()
        ),
        Refusal::FiscalYearMismatch { dir, built, asked } => format!(
            "the index in {} uses fiscal year start {built}, not {asked}; re-ingest into a new --index to change it",
            dir.display()
        ),
        Refusal::NoNumbers {
            column,
            wanted: NeedsNumbers::ResolutionTime,
        } => format!(
            "column '{column}' holds no numbers in scope; pass --fast-below MINUTES or another --time-col"
        ),
        Refusal::NoColumnFor {
            role: ColumnRole::Agent,
            known,
        } => format!("no agent column found; name it with --agent-col (columns: {known})"),
        Refusal::NoColumnFor {
            role: ColumnRole::ResolutionTime,
            known,
        } => format!("no resolution time column found; name it with --time-col (columns: {known})"),
        Refusal::NoColumnFor {
            role: ColumnRole::CustomerId,
            ..
        } => "no customer id column among the responses' columns; name it with --customer-col"
            .to_string(),
        Refusal::TooManyValues {
            column,
            values,
            quarter,
            max,
        } => format!(
            "{column} has {values} values in {quarter}; the report shows columns of at most {max} values, so choose another or narrow the scope with --where"
        ),
        Refusal::CannotListen { address, detail } => format!(
            "cannot listen on {address}: {detail}; choose another --port (or leave it out for a free one)"
        ),
        Refusal::UnknownQuestion { wanted, questions } => format!(
            "no open question '{wanted}'; give --question a number or a header: {}",
            questions.join(", ")
        ),
        Refusal::NoUsageColumn => {
            "--by quadrant needs --usage-col COLUMN (a numeric usage column)".to_string()
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_flag_and_others_keep_their_words() {
        let refused = |r: Refusal| words(&anyhow::Error::from(Error::from(r)));
        assert_eq!(
            refused(Refusal::BadFilter {
                pair: "plan".into()
            }),
            "--where needs COLUMN=VALUE, e.g. --where plan=Pro (got 'plan')"
        );
        assert_eq!(
            Refusal::BadFilter {
                pair: "plan".into()
            }
            .to_string(),
            "a segment filter needs COLUMN=VALUE, e.g. plan=Pro (got 'plan')"
        );
        assert_eq!(
            refused(Refusal::NoDates),
            Refusal::NoDates.to_string(),
            "a refusal without a flag keeps the library's words, once"
        );
        let io = Error::io("x.csv", std::io::Error::other("disk on fire"));
        assert_eq!(
            words(&anyhow::Error::from(io)),
            "cannot use x.csv: disk on fire"
        );
    }
}
