//! `verbatim delete --id ID | --where COLUMN=VALUE`

use std::io::Write;

use clap::Args;
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::Context;
use crate::index::Store;
use crate::output::thousands;
use crate::search::ScopeArgs;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["ids", "wheres"])))]
pub struct DeleteArgs {
    /// Response id to remove; repeatable
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<String>,
    /// Remove every response whose segment COLUMN equals VALUE; repeatable (all must hold)
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub wheres: Vec<String>,
}

pub fn run(ctx: &Context, args: &DeleteArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = Store::open(ctx.writable_dir("delete")?)?;
    let mut writer: tantivy::IndexWriter = store.writer(1)?;
    let searcher = store.searcher()?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !args.ids.is_empty() {
        let ids = args
            .ids
            .iter()
            .map(|id| -> (Occur, Box<dyn Query>) {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(store.fields.id, id.trim()),
                        IndexRecordOption::Basic,
                    )),
                )
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(ids))));
    }
    if !args.wheres.is_empty() {
        let scope = ScopeArgs {
            wheres: args.wheres.clone(),
            ..Default::default()
        }
        .resolve(&store)?;
        clauses.push((Occur::Must, scope.query(&store)));
    }
    let query = BooleanQuery::new(clauses);
    let matching = searcher.search(&query, &Count)?;
    if matching > 0 {
        writer.delete_query(Box::new(query))?;
        writer.commit()?;
    }
    writeln!(
        out,
        "Deleted {} response(s); the index now holds {}.",
        thousands(matching as u64),
        thousands(searcher.num_docs() - matching as u64)
    )?;
    Ok(if matching == 0 {
        super::exit::NO_RESULTS
    } else {
        super::exit::OK
    })
}
