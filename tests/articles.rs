//! The bundled articles: the splitter must cut each one exactly as its gold
//! file says, and the default model's labels are scored against the gold.

use std::path::{Path, PathBuf};

use stance::data::{read_labeled_csv, Columns};
use stance::text::sentences::split_sentences;

fn articles() -> Vec<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".gold.csv") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let gold = dir.join(format!("{stem}.gold.csv"));
        assert!(gold.exists(), "{name} has no gold file");
        out.push((path, gold));
    }
    out.sort();
    out
}

#[test]
fn at_least_eight_articles_of_20_to_60_sentences() {
    let all = articles();
    assert!(all.len() >= 8, "only {} articles", all.len());
    for (_, gold) in &all {
        let n = read_labeled_csv(gold, &Columns::default())
            .unwrap()
            .rows
            .len();
        assert!((20..=60).contains(&n), "{}: {n} sentences", gold.display());
    }
}

#[test]
fn splitter_cuts_every_article_as_the_gold_says() {
    for (article, gold) in articles() {
        let text = std::fs::read_to_string(&article).unwrap();
        let got: Vec<String> = split_sentences(&text).into_iter().map(|s| s.text).collect();
        let want: Vec<String> = read_labeled_csv(&gold, &Columns::default())
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "{}: sentence {i} differs", article.display());
        }
        assert_eq!(
            got.len(),
            want.len(),
            "{}: sentence count",
            article.display()
        );
    }
}
