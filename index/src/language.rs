//! [`Language`]: the optional language resources installed on the machine — the Danish Hunspell
//! dictionary (`speller`, Debian `hunspell-da`) and the LibreOffice Danish thesaurus (`thesaurus`,
//! Debian `mythes-da`).
//!
//! Both are read once per process ([`install`], or the Debian paths on first use) and shared by every
//! search. Either may be missing: the search then works from the index's own vocabulary and the
//! curated synonym list alone, and the loader says so once in the log.

mod speller;
mod thesaurus;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

pub use speller::Speller;
pub use thesaurus::Thesaurus;
pub(crate) use thesaurus::key;

/// Where the language resources are: the Hunspell `.aff` file (its `.dic` beside it) and the MyThes
/// `.dat` file. `None` switches a resource off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageFiles {
    pub hunspell_aff: Option<PathBuf>,
    pub thesaurus_dat: Option<PathBuf>,
}

/// Debian's `hunspell-da`.
pub const DEBIAN_HUNSPELL: &str = "/usr/share/hunspell/da_DK.aff";
/// Debian's `mythes-da`.
pub const DEBIAN_THESAURUS: &str = "/usr/share/mythes/th_da_DK.dat";

impl Default for LanguageFiles {
    fn default() -> Self {
        LanguageFiles {
            hunspell_aff: Some(DEBIAN_HUNSPELL.into()),
            thesaurus_dat: Some(DEBIAN_THESAURUS.into()),
        }
    }
}

/// The resources loaded from [`LanguageFiles`]; each is `None` when its file is absent or unreadable.
#[derive(Default)]
pub struct Language {
    pub speller: Option<Speller>,
    pub thesaurus: Option<Thesaurus>,
}

impl Language {
    /// Loads what is there, logging a warning for each resource that is not.
    pub fn load(files: &LanguageFiles) -> Language {
        let speller = files
            .hunspell_aff
            .as_deref()
            .and_then(|p| report("Hunspell dictionary", p, Speller::load(p)));
        let thesaurus = files
            .thesaurus_dat
            .as_deref()
            .and_then(|p| report("thesaurus", p, Thesaurus::load(p)));
        Language { speller, thesaurus }
    }
}

fn report<T>(what: &str, path: &Path, r: Result<T, String>) -> Option<T> {
    match r {
        Ok(t) => {
            tracing::info!(path = %path.display(), "{what} loaded");
            Some(t)
        }
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e,
                "{what} not loaded; searching without it (index vocabulary only)");
            None
        }
    }
}

type Installed = Option<(LanguageFiles, Arc<Language>)>;

static CURRENT: RwLock<Installed> = RwLock::new(None);

/// Loads the resources of `files` (unless they are the ones in force) and makes them the ones every
/// search uses from now on. Returns what is in force (the service calls it at startup).
pub fn install(files: &LanguageFiles) -> Arc<Language> {
    let mut w = CURRENT
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match w.as_ref() {
        Some((f, l)) if f == files => l.clone(),
        _ => {
            let lang = Arc::new(Language::load(files));
            *w = Some((files.clone(), lang.clone()));
            lang
        }
    }
}

/// The resources in force: those of the last [`install`], else the Debian paths (loaded on first use).
pub fn current() -> Arc<Language> {
    if let Some(l) = CURRENT
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .as_ref()
    {
        return l.1.clone();
    }
    let mut w = CURRENT
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let files = LanguageFiles::default();
    w.get_or_insert_with(|| {
        let lang = Arc::new(Language::load(&files));
        (files, lang)
    })
    .1
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_files_load_as_nothing() {
        let l = Language::load(&LanguageFiles {
            hunspell_aff: Some("/nonexistent/da_DK.aff".into()),
            thesaurus_dat: Some("/nonexistent/th_da_DK.dat".into()),
        });
        assert!(l.speller.is_none() && l.thesaurus.is_none());
    }
}
