//! Peak memory of one benchmark phase, sampled from `/proc/self/status`.
//!
//! VmHWM alone overstates the heap: it also counts file-backed pages of the tantivy segments that merges
//! read through mmap. RssAnon is the anonymous memory (heap, thread stacks) that the writer really holds,
//! so a thread samples it every 50 ms alongside VmHWM.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

const EVERY: Duration = Duration::from_millis(50);

/// Peaks of one phase, MiB.
#[derive(Clone, Copy, Debug, Default)]
pub struct Peaks {
    /// VmHWM at the end of the phase; since the phase's start when `hwm_reset`, else since process start.
    pub hwm_mib: f64,
    /// Highest sampled RssAnon.
    pub anon_mib: f64,
    /// RssAnon when the phase started (heap that earlier phases still hold).
    pub anon_start_mib: f64,
    pub hwm_reset: bool,
}

pub struct Sampler {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<f64>>,
    anon_start_mib: f64,
    hwm_reset: bool,
}

/// (VmHWM, RssAnon) in MiB; 0 where the line is missing (not Linux).
fn read() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("RssAnon:"))
}

impl Sampler {
    /// Starts sampling. Freed heap of earlier phases is handed back to the OS first and VmHWM is reset
    /// (`clear_refs` 5), so the peaks belong to this phase as far as the kernel allows.
    pub fn start() -> Sampler {
        // SAFETY: malloc_trim only releases free glibc heap pages; it has no preconditions.
        unsafe {
            libc::malloc_trim(0);
        }
        let hwm_reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let anon_start_mib = read().1;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut peak = 0f64;
            loop {
                peak = peak.max(read().1);
                if flag.load(Ordering::Relaxed) {
                    return peak;
                }
                std::thread::sleep(EVERY);
            }
        });
        Sampler {
            stop,
            thread: Some(thread),
            anon_start_mib,
            hwm_reset,
        }
    }

    pub fn stop(mut self) -> Peaks {
        self.stop.store(true, Ordering::Relaxed);
        let sampled = self
            .thread
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or(0.0);
        let (hwm, anon) = read();
        Peaks {
            hwm_mib: hwm,
            anon_mib: sampled.max(anon).max(self.anon_start_mib),
            anon_start_mib: self.anon_start_mib,
            hwm_reset: self.hwm_reset,
        }
    }
}

impl Drop for Sampler {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
