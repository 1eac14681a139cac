//! The sections that put scores in context (churn, usage quadrants, agents): each comes from
//! the `context` engines and appears only when the data or the options call for it.

use super::Basis;
use crate::error::{Error, Result};
use crate::report::model::*;
use crate::themes::{themes, ThemeGroupBy};

/// Churned against retained customers, with `--accounts`.
pub(super) fn churn(basis: &Basis) -> Result<Option<crate::context::accounts::ChurnReport>> {
    Ok(match &basis.options.churn {
        // Churn takes time to show: every quarter in scope, each customer's latest response.
        Some(c) => Some(crate::context::accounts::churn(
            basis.store,
            &basis.all_quarters,
            c,
        )?),
        None => None,
    })
}

/// Score, counts and themes per usage quadrant of the report quarter, with `--usage-col`.
pub(super) fn quadrants(basis: &Basis) -> Result<Option<QuadrantSection>> {
    let (store, quarter_scope) = (basis.store, &basis.quarter_scope);
    Ok(match &basis.options.usage {
        Some((column, split)) => {
            use crate::context::quadrants::ORDER;
            let q = crate::context::quadrants::quadrants(store, quarter_scope, column, *split)?;
            let rows =
                crate::stats::stats_by_groups(store, quarter_scope, &q.of, "quadrant", &ORDER)?
                    .groups;
            let by = ThemeGroupBy::Custom("quadrant".into(), q.of.clone());
            let themes = themes(store, quarter_scope, &basis.primary_options(by, 3, 0))?
                .groups
                .into_iter()
                .map(|g| (g.group, g.themes.into_iter().map(|t| t.label).collect()))
                .collect();
            Some(QuadrantSection {
                split: q,
                rows,
                themes,
            })
        }
        None => None,
    })
}

/// The agents of the report quarter, when the responses have agent and resolution-time columns.
pub(super) fn agents(basis: &Basis) -> Result<Option<crate::context::agents::AgentsReport>> {
    let agent_options = crate::context::agents::AgentOptions {
        agent_column: None,
        time_column: None,
        min_responses: 10,
        fast_below: None,
    };
    match crate::context::agents::agents(basis.store, &basis.quarter_scope, &agent_options) {
        Ok(a) => Ok(Some(a)),
        Err(Error::Refused(_)) => Ok(None),
        Err(e) => Err(e),
    }
}
