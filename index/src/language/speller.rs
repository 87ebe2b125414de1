//! [`Speller`]: the Hunspell dictionary, read with `spellbook`, asked whether a word is Danish.

use std::path::Path;

use crate::analysis;

pub struct Speller {
    /// The dictionary as Hunspell reads it, compounds included.
    dict: spellbook::Dictionary,
    /// The same words without the compound rules: the parts of a split are asked here. A non-word
    /// costs the full dictionary a compound search of a few hundred microseconds, and a split asks
    /// about dozens of substrings; here any answer takes microseconds.
    simple: spellbook::Dictionary,
}

impl Speller {
    /// Reads `aff` and the `.dic` beside it.
    pub fn load(aff: &Path) -> Result<Speller, String> {
        let read =
            |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
        let aff_text = read(aff)?;
        let dic_text = read(&aff.with_extension("dic"))?;
        let dic_text = without_bad_flags(&aff_text, &dic_text);
        let dict = spellbook::Dictionary::new(&aff_text, &dic_text).map_err(|e| e.to_string())?;
        let simple = spellbook::Dictionary::new(&without_compounds(&aff_text), &dic_text)
            .map_err(|e| e.to_string())?;
        Ok(Speller { dict, simple })
    }

    /// Whether the dictionary holds the word (with its inflections and the compounds its rules allow).
    pub fn check(&self, word: &str) -> bool {
        self.dict.check(word)
    }

    /// Whether the dictionary holds a folded word (`ae`/`oe`/`aa` for æ/ø/å) in some spelling, as a
    /// word of its own (with its inflections, not as a compound its rules would allow).
    pub fn knows_folded(&self, folded: &str) -> bool {
        self.simple.check(folded)
            || analysis::unfold_variants(folded)
                .iter()
                .any(|v| self.simple.check(v))
    }
}

/// The affix file without its compound rules (`COMPOUND…`, `CHECKCOMPOUND…`); `ONLYINCOMPOUND` stays,
/// so the forms that only occur inside compounds are still no words of their own.
fn without_compounds(aff: &str) -> String {
    aff.lines()
        .filter(|l| !(l.starts_with("COMPOUND") || l.starts_with("CHECKCOMPOUND")))
        .flat_map(|l| [l, "\n"])
        .collect()
}

/// The `.dic` without the entries whose flags cannot be read. da_DK numbers its flags (`FLAG num`) and
/// holds a few words with a slash of their own ("A/S"), which Hunspell skips and `spellbook` refuses
/// whole: those entries go, the rest of the dictionary stays.
fn without_bad_flags(aff: &str, dic: &str) -> String {
    let numeric = aff
        .lines()
        .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["FLAG", "num"]);
    if !numeric {
        return dic.to_string();
    }
    let readable = |line: &str| {
        let entry = line.split_whitespace().next().unwrap_or("");
        entry.split_once('/').is_none_or(|(_, flags)| {
            !flags.is_empty() && flags.chars().all(|c| c.is_ascii_digit() || c == ',')
        })
    };
    let mut out = String::with_capacity(dic.len());
    for (i, line) in dic.lines().enumerate() {
        if i == 0 || readable(line) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{without_bad_flags, without_compounds};

    #[test]
    fn compound_rules_go_and_the_rest_stays() {
        let aff = "SET UTF-8\nCOMPOUNDMIN 2\nCOMPOUNDRULE 1\nCOMPOUNDRULE AB\nONLYINCOMPOUND 36\n";
        assert_eq!(without_compounds(aff), "SET UTF-8\nONLYINCOMPOUND 36\n");
    }

    #[test]
    fn unreadable_numeric_flags_drop_their_entry_only() {
        let dic = "3\nbil/10,4\n\"A/S\"\nhus\n";
        assert_eq!(without_bad_flags("FLAG num\n", dic), "3\nbil/10,4\nhus\n");
        assert_eq!(without_bad_flags("FLAG long\n", dic), dic);
    }
}
