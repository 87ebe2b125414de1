//! [`Speller`]: the Hunspell dictionary, read with `spellbook`, asked whether a word is Danish.

use std::path::Path;

use crate::analysis;

pub struct Speller {
    dict: spellbook::Dictionary,
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
        Ok(Speller { dict })
    }

    /// Whether the dictionary holds the word (with its inflections and the compounds its rules allow).
    pub fn check(&self, word: &str) -> bool {
        self.dict.check(word)
    }

    /// Whether the dictionary holds a folded word (`ae`/`oe`/`aa` for æ/ø/å) in some spelling.
    pub fn knows_folded(&self, folded: &str) -> bool {
        self.dict.check(folded)
            || analysis::unfold_variants(folded)
                .iter()
                .any(|v| self.dict.check(v))
    }
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
    use super::without_bad_flags;

    #[test]
    fn unreadable_numeric_flags_drop_their_entry_only() {
        let dic = "3\nbil/10,4\n\"A/S\"\nhus\n";
        assert_eq!(without_bad_flags("FLAG num\n", dic), "3\nbil/10,4\nhus\n");
        assert_eq!(without_bad_flags("FLAG long\n", dic), dic);
    }
}
