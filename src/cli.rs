//! The command line and its configuration (flags with `KONTRAKTARKIV_*` environment fallbacks).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    Verify,
    /// Extract the text of one PDF (the sandboxed child process; also handy for benchmarks).
    #[command(hide = true)]
    Extract {
        file: PathBuf,
        /// Answer the parent process in JSON instead of printing the text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the chosen address is printed).
    #[arg(long, env = "KONTRAKTARKIV_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Largest accepted upload in bytes.
    #[arg(long, env = "KONTRAKTARKIV_MAX_UPLOAD_BYTES", default_value_t = 200 << 20)]
    pub max_upload_bytes: u64,
    /// Months after which system documentation without a newer version counts as stale (§4.4).
    #[arg(long, env = "KONTRAKTARKIV_STALE_AFTER_MONTHS", default_value_t = 12)]
    pub stale_after_months: u32,
    #[command(flatten)]
    pub limits: crate::sandbox::SandboxLimits,
}

/// Resolved configuration shared by all subcommands.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub storage_url: String,
}

impl Config {
    fn from_cli(cli: &Cli) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&cli.data_dir)?;
        let data_dir = std::fs::canonicalize(&cli.data_dir)?;
        let storage_url = cli
            .storage_url
            .clone()
            .unwrap_or_else(|| format!("file://{}", data_dir.join("blobs").display()));
        Ok(Config {
            data_dir,
            storage_url,
        })
    }

    pub fn catalog_path(&self) -> PathBuf {
        self.data_dir.join("catalog.sqlite")
    }
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }
    pub fn staging_dir(&self) -> PathBuf {
        self.data_dir.join("tmp")
    }
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
        .init();
    let result = Config::from_cli(&cli).and_then(|config| {
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
        Command::Serve(args) => crate::app::serve(config, args)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Import(args) => crate::ops::import(config, args).await,
        Command::Reindex => crate::ops::reindex(config).await,
        Command::Verify => crate::ops::verify(config).await,
        Command::Extract { .. } => unreachable!("handled before the runtime starts"),
    }
}
