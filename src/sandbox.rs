//! PDF extraction in a child process with CPU, memory and wall-clock limits.
//!
//! A hostile PDF can overflow the stack or exhaust memory, and no `catch_unwind` survives that; a child
//! process can die without taking the service with it. The child is this same binary (`extract --json`),
//! so there is nothing extra to deploy.

use std::path::Path;
use std::process::{ExitCode, Stdio};
use std::time::{Duration, Instant};

use index::extract::{ExtractStatus, Extraction, Limits};
use tokio::io::AsyncReadExt;

/// Resource limits for one extraction.
#[derive(clap::Args, Debug, Clone)]
pub struct SandboxLimits {
    /// Address-space limit of the extraction child, in MiB.
    #[arg(long, env = "KONTRAKTARKIV_EXTRACT_MEMORY_MB", default_value_t = 2048)]
    pub extract_memory_mb: u64,
    /// CPU-time limit of the extraction child, in seconds.
    #[arg(long, env = "KONTRAKTARKIV_EXTRACT_CPU_SECONDS", default_value_t = 60)]
    pub extract_cpu_seconds: u64,
    /// Wall-clock limit of the extraction child, in seconds.
    #[arg(
        long,
        env = "KONTRAKTARKIV_EXTRACT_TIMEOUT_SECONDS",
        default_value_t = 90
    )]
    pub extract_timeout_seconds: u64,
}

impl Default for SandboxLimits {
    fn default() -> Self {
        SandboxLimits {
            extract_memory_mb: 2048,
            extract_cpu_seconds: 60,
            extract_timeout_seconds: 90,
        }
    }
}

/// Runs the extractor over `pdf` in a child process. Never fails: every problem becomes a `Failed` extraction
/// whose reason names it.
pub async fn extract(pdf: &Path, limits: &SandboxLimits) -> Extraction {
    match run_child(pdf, limits).await {
        Ok(extraction) => extraction,
        Err(reason) => failed(reason),
    }
}

async fn run_child(pdf: &Path, limits: &SandboxLimits) -> Result<Extraction, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find own executable: {e}"))?;
    let mut command = tokio::process::Command::new(exe);
    command
        .arg("extract")
        .arg("--json")
        .arg(pdf)
        .env(
            "KONTRAKTARKIV_EXTRACT_TIMEOUT_SECONDS",
            limits.extract_timeout_seconds.to_string(),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    let memory = limits.extract_memory_mb << 20;
    let cpu = limits.extract_cpu_seconds;
    // SAFETY: only async-signal-safe calls (setrlimit) between fork and exec.
    unsafe {
        command.pre_exec(move || {
            set_limit(libc::RLIMIT_AS, memory)?;
            set_limit(libc::RLIMIT_CPU, cpu)?;
            set_limit(libc::RLIMIT_CORE, 0)
        });
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start the extractor: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("extractor has no stdout")?;
    let wall = Duration::from_secs(limits.extract_timeout_seconds);
    let work = async {
        let mut out = Vec::new();
        stdout
            .read_to_end(&mut out)
            .await
            .map_err(|e| e.to_string())?;
        let status = child.wait().await.map_err(|e| e.to_string())?;
        Ok::<_, String>((out, status))
    };
    let (out, status) = match tokio::time::timeout(wall, work).await {
        Ok(r) => r?,
        Err(_) => {
            return Err(format!(
                "extraction exceeded the time limit of {}s",
                wall.as_secs()
            ));
        }
    };
    if !status.success() {
        return Err(describe_exit(status, limits));
    }
    serde_json::from_slice(&out).map_err(|e| format!("extractor answered nonsense: {e}"))
}

fn describe_exit(status: std::process::ExitStatus, limits: &SandboxLimits) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(libc::SIGXCPU) | Some(libc::SIGKILL) => {
            format!(
                "extraction exceeded the CPU time limit of {}s",
                limits.extract_cpu_seconds
            )
        }
        Some(libc::SIGSEGV) => "extractor crashed (stack overflow or memory fault)".to_string(),
        Some(libc::SIGABRT) => {
            format!(
                "extraction exceeded the memory limit of {} MiB",
                limits.extract_memory_mb
            )
        }
        Some(sig) => format!("extractor killed by signal {sig}"),
        None => format!("extractor exited with {status}"),
    }
}

fn set_limit(resource: libc::__rlimit_resource_t, value: u64) -> std::io::Result<()> {
    let limit = libc::rlimit {
        rlim_cur: value,
        rlim_max: value,
    };
    // SAFETY: plain syscall with a valid pointer.
    if unsafe { libc::setrlimit(resource, &limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// An extraction that failed for `reason` before any text was read.
pub fn failed(reason: String) -> Extraction {
    Extraction {
        status: ExtractStatus::Failed,
        reason: Some(reason),
        pages: Vec::new(),
    }
}

/// The child's side: read the file, extract, answer on stdout.
pub fn child_main(file: &Path, json: bool) -> ExitCode {
    let timeout = std::env::var("KONTRAKTARKIV_EXTRACT_TIMEOUT_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(90u64);
    let limits = Limits {
        deadline: Some(Instant::now() + Duration::from_secs(timeout)),
        ..Limits::default()
    };
    let extraction = match std::fs::read(file) {
        Ok(bytes) => index::extract::extract(&bytes, &limits),
        Err(e) => failed(format!("cannot read {}: {e}", file.display())),
    };
    let out = if json {
        serde_json::to_string(&extraction).unwrap_or_default()
    } else {
        let pages: Vec<&str> = extraction.pages.iter().map(|p| p.text.as_str()).collect();
        pages.join("\u{c}")
    };
    println!("{out}");
    if !json && extraction.status == ExtractStatus::Failed {
        eprintln!(
            "extraction failed: {}",
            extraction.reason.unwrap_or_default()
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
