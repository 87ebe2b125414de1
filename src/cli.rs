//! The command line and its configuration (flags with `KONTRAKTARKIV_*` environment fallbacks).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::api::ServeArgs;
use crate::config::Config;

#[derive(Parser, Debug)]
#[command(
    name = "kontraktarkiv",
    version,
    about = "Koncern IT's contract and documentation repository"
)]
pub struct Cli {
    /// Directory for the catalog, the search index, staging files and (by default) the blobs.
    #[arg(
        long,
        global = true,
        env = "KONTRAKTARKIV_DATA_DIR",
        default_value = "./data"
    )]
    pub data_dir: PathBuf,
    /// Where blobs live: file:///dir, memory://, s3://bucket/prefix, az://container/prefix.
    /// Default: file://<data-dir>/blobs.
    #[arg(long, global = true, env = "KONTRAKTARKIV_STORAGE_URL")]
    pub storage_url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the HTTP service.
    Serve(ServeArgs),
    /// Upload PDFs from the command line, as the API would.
    Import(crate::ops::ImportArgs),
    /// Rebuild the search index from the catalog and the blobs.
    Reindex,
    /// Re-hash every stored blob; exit non-zero if any is missing or corrupt.
    Verify {
        /// Check the audit log's hash chain and its head instead; names the first bad event.
        #[arg(long)]
        audit: bool,
    },
    /// Write the auditor's BagIt bag of one system to a zip file, without a running service.
    Export {
        system_id: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Users and API tokens.
    #[command(subcommand)]
    User(crate::users::UserCommand),
    /// Extract the text of one PDF (the sandboxed child process; also handy for benchmarks).
    #[command(hide = true)]
    Extract {
        file: PathBuf,
        /// Answer the parent process in JSON instead of printing the text.
        #[arg(long)]
        json: bool,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Extract { file, json } = &cli.command {
        // The child process: no runtime, no logging on stdout, nothing but the answer.
        return crate::sandbox::child_main(file, *json);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tantivy=warn".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal: a log file or journal gets plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let result = Config::new(&cli.data_dir, cli.storage_url.clone()).and_then(|config| {
        let runtime = tokio::runtime::Runtime::new()?;
        runtime.block_on(run(config, cli.command))
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(args) => crate::api::serve(config, args)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Import(args) => crate::ops::import(config, args).await,
        Command::Reindex => crate::ops::reindex(config).await,
        Command::Verify { audit: false } => crate::ops::verify(config).await,
        Command::Verify { audit: true } => crate::ops::verify_audit(config).await,
        Command::Export { system_id, out } => crate::ops::export(config, &system_id, &out).await,
        Command::User(command) => crate::users::run(config, command).await,
        Command::Extract { .. } => unreachable!("handled before the runtime starts"),
    }
}
