//! `unkg remove FILE|SYMBOL...`: delete documents from the store.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::store::Store;
use crate::store::build::graphs_for;

/// Arguments of `unkg remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Files (as built) or document symbols (every language version).
    #[arg(required = true)]
    pub targets: Vec<String>,
    /// The store's folder.
    #[arg(long, default_value = "kg")]
    pub store: PathBuf,
}

/// Runs `unkg remove`.
pub fn run(args: RemoveArgs) -> anyhow::Result<ExitCode> {
    super::serve::refuse_if_served(&args.store)?;
    let store = Store::open_existing(&args.store)?;
    let mut missing = 0;
    for t in &args.targets {
        let graphs = graphs_for(&store, t)?;
        if graphs.is_empty() {
            eprintln!("unkg: no document {t:?} in store {}", store.label());
            missing += 1;
            continue;
        }
        store.remove(&graphs)?;
        eprintln!("removed {t}: {} graph(s)", graphs.len());
    }
    Ok(if missing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
