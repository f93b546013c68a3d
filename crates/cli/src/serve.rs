//! `readout serve`: the HTTP API and web UI over a database.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::Outcome;

/// Arguments of `readout serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The database file (created if missing; fill it with `readout ingest`).
    #[arg(long, value_name = "FILE", default_value = "readout.db")]
    db: PathBuf,
    /// Address to listen on. Reads need no credentials, so only loopback addresses are
    /// accepted unless --allow-remote is given.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Listen on a non-loopback address (anyone who can reach it can read the database).
    #[arg(long)]
    allow_remote: bool,
    /// File holding the bearer token that POST /api/articles requires (else the
    /// READOUT_TOKEN environment variable; with neither, writes are refused).
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Largest request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = readout_server::DEFAULT_MAX_BODY)]
    max_body: usize,
}

/// `readout serve`.
pub fn run_serve(args: ServeArgs) -> Result<Outcome> {
    let token = readout_server::read_token(args.token_file.as_deref())?;
    if !args.db.exists() {
        eprintln!(
            "readout: {}: no database there yet; starting with an empty one (fill it with \
             `readout ingest --db {} PATH...` or POST /api/articles)",
            args.db.display(),
            args.db.display()
        );
    }
    let writes = if token.is_some() {
        "POST /api/articles enabled (bearer token)"
    } else {
        "read-only: set READOUT_TOKEN or --token-file to accept POST /api/articles"
    };
    let config = readout_server::Config {
        db: args.db.clone(),
        addr: args.addr,
        allow_remote: args.allow_remote,
        token,
        max_body: args.max_body,
        // The same version string as `readout ingest`, so an article posted after being
        // ingested is recognised as unchanged.
        model_version: Some(crate::store_cmds::default_model_version(None)?),
    };
    let db = args.db.display().to_string();
    readout_server::serve_blocking(config, |addr| {
        eprintln!("readout: serving {db} at http://{addr}/ ({writes}); Ctrl-C to stop");
    })?;
    eprintln!("readout: server stopped");
    Ok(Outcome::Success)
}
