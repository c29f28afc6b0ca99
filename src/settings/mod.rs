//! Every training setting, defined once.
//!
//! Each stage of the pipeline has one settings type ([`TermSettings`],
//! [`FeatureSettings`], [`NaiveBayesSettings`], [`SolverSettings`],
//! [`TuneSettings`]) whose fields are all `Option`, `None` meaning "not
//! given". The same value is the command line (`clap` flattens the stages),
//! a [`Preset`] (a partial value), and the record in a model file; it prints
//! back as the flags that give it ([`Settings::flags`]) and resolves into the
//! checked [`TrainParams`] the pipeline runs on ([`Settings::train_params`]).
//! Each setting is one line of a `stage!` invocation: its doc comment (the
//! `--help` text), kind, type, default and flag.

mod preset;
pub(crate) mod stage;
mod values;

pub use preset::Preset;
pub use values::{NgramRange, NumberList, OptionalRange};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::config::FeatureConfig;
use crate::features::config::NbScoreConfig;
use crate::model::train::{TrainParams, TuneParams};
use crate::text::stem::SNOWBALL_ENGLISH;
use stage::stage;

stage! {
    /// How a sentence becomes terms.
    pub struct TermSettings, heading "Terms" {
        /// Word n-gram lengths, e.g. 1..2 or 1..3.
        ngrams: value NgramRange = NgramRange(1, 3), "ngrams";
        /// Character n-gram lengths inside words, e.g. 2..5, or none.
        char_ngrams: value OptionalRange = OptionalRange(None), "char-ngrams";
        /// Mark words after a negation (not, never, n't...) as negated.
        negation: switch bool = true, "" / "no-negation";
        /// Stem words (Snowball English).
        stem: switch bool = true, "" / "no-stem";
    }
}

stage! {
    /// Which terms become TF-IDF features, and how they are weighted.
    pub struct FeatureSettings, heading "Features" {
        /// Keep at most N terms, chosen by chi-squared; 0 = no cap.
        max_features: value usize = 0, "max-features";
        /// Drop terms found in fewer than N training sentences.
        min_df: value usize = 2, "min-df";
        /// Scale features by their Naive-Bayes log-count ratio (NBSVM-style).
        nb_scale: switch bool = false, "nb-scale" / "no-nb-scale";
    }
}

stage! {
    /// Naive-Bayes score columns: one per label, over every word n-gram
    /// (uncapped); training rows get out-of-fold scores.
    pub struct NaiveBayesSettings, heading "Naive-Bayes scores" {
        /// Weight of the Naive-Bayes score columns; 0 turns them off.
        nb_score: value f64 = 0.03, "nb-score";
        /// Word n-gram lengths the Naive-Bayes scores count.
        nb_ngrams: value NgramRange = NgramRange(1, 3), "nb-ngrams";
        /// Count only n-grams found in at least N training sentences (a
        /// smaller model file).
        nb_min_df: value usize = 1, "nb-min-df";
    }
}

stage! {
    /// The logistic fit.
    pub struct SolverSettings, heading "Solver" {
        /// Weight the rows of every label so that each label weighs as much in
        /// the fit as the heaviest one (training parts only).
        balance: switch bool = false, "balance" / "no-balance";
        /// L-BFGS iteration limit.
        max_iter: value u64 = 1000, "max-iter";
        /// Stop L-BFGS when the gradient norm per unit of row weight (the norm
        /// divided by the rows' total weight) falls below this.
        tol: value f64 = 1e-4, "tol";
    }
}

stage! {
    /// The L2 strength, fixed or picked by cross-validation.
    pub struct TuneSettings, heading "Regularisation and tuning" {
        /// L2 strength (like scikit-learn's 1/C); given explicitly it turns a
        /// preset's tuning off.
        alpha: value f64 = 1.0, "alpha";
        /// Pick alpha by stratified k-fold cross-validation (macro-F1).
        tune: switch bool = false, "tune" / "";
        /// Alphas tried by --tune, comma-separated.
        alphas: value NumberList = NumberList(vec![0.3, 1.0, 3.0, 10.0]), "alphas";
        /// Folds used by --tune.
        tune_folds: value usize = 5, "tune-folds";
        /// Seed of the fold assignment (of --tune, and of cv's folds).
        seed: value u64 = 42, "seed";
    }
}

/// Every setting of a training run, stage by stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, clap::Args)]
pub struct Settings {
    /// Start from a named set of settings; the flags given beside it win.
    #[arg(long, value_parser = stage::parser::<Preset>(), help_heading = "Presets")]
    #[serde(skip)]
    pub preset: Option<Preset>,
    #[command(flatten)]
    #[serde(default)]
    pub tune: TuneSettings,
    #[command(flatten)]
    #[serde(default)]
    pub terms: TermSettings,
    #[command(flatten)]
    #[serde(default)]
    pub features: FeatureSettings,
    #[command(flatten)]
    #[serde(default)]
    pub naive_bayes: NaiveBayesSettings,
    #[command(flatten)]
    #[serde(default)]
    pub solver: SolverSettings,
}

impl Settings {
    /// This layer over `base`: every setting given here wins, and an alpha
    /// given without `--tune` turns `base`'s tuning off (asking for one alpha
    /// means not searching for one).
    pub fn over(&self, base: &Settings) -> Settings {
        let mut tune = self.tune.clone();
        if tune.alpha.is_some() && tune.tune.is_none() {
            tune.tune = Some(false);
        }
        Settings {
            preset: None,
            tune: tune.over(&base.tune),
            terms: self.terms.over(&base.terms),
            features: self.features.over(&base.features),
            naive_bayes: self.naive_bayes.over(&base.naive_bayes),
            solver: self.solver.over(&base.solver),
        }
    }

    /// These settings over their preset's (the default preset's when none
    /// is named), with every setting that does something filled in
    /// ([`Self::effective`]); they resolve to the same parameters again.
    pub fn resolved(&self) -> Settings {
        let preset = self.preset.unwrap_or(Preset::Default).settings();
        let s = self.over(&preset);
        Settings {
            preset: None,
            tune: s.tune.resolved(),
            terms: s.terms.resolved(),
            features: s.features.resolved(),
            naive_bayes: s.naive_bayes.resolved(),
            solver: s.solver.resolved(),
        }
        .effective()
    }

    /// The seed of `cv`'s fold assignment: `--seed` over the preset's, read
    /// as tuning reads it (the resolved settings drop it without `--tune`,
    /// since the model does not depend on it then, but `cv`'s folds do).
    pub fn fold_seed(&self) -> u64 {
        let preset = self.preset.unwrap_or(Preset::Default).settings();
        self.over(&preset).tune.seed()
    }

    /// These settings without those that do nothing: the grid without
    /// `--tune`, alpha with it, and the Naive-Bayes ranges with the scores
    /// off. Two runs with the same effective settings train the same model.
    pub fn effective(&self) -> Settings {
        let mut tune = self.tune.clone();
        if tune.tune() {
            tune.alpha = None;
        } else {
            tune = TuneSettings {
                alpha: tune.alpha,
                ..TuneSettings::default()
            };
        }
        let mut nb = self.naive_bayes.clone();
        if nb.nb_score() <= 0.0 {
            nb = NaiveBayesSettings {
                nb_score: Some(0.0),
                ..NaiveBayesSettings::default()
            };
        }
        Settings {
            tune,
            naive_bayes: nb,
            ..self.clone()
        }
    }

    /// The flags that give these settings (after [`Self::resolved`]: every
    /// one spelled out), so resolved settings can be printed and re-run;
    /// settings that do nothing are left out ([`Self::effective`]).
    pub fn flags(&self) -> String {
        let s = self.effective();
        let mut out = Vec::new();
        s.tune.flags(&mut out);
        s.terms.flags(&mut out);
        s.features.flags(&mut out);
        s.naive_bayes.flags(&mut out);
        s.solver.flags(&mut out);
        out.join(" ")
    }

    /// The checked parameters the pipeline trains with, or the setting
    /// that cannot train.
    pub fn train_params(&self) -> Result<TrainParams> {
        if self.tune.alpha.is_some() && self.tune.tune == Some(true) {
            return Err(Error::Setting {
                setting: "--alpha",
                problem: "fixes alpha while --tune searches for it; give one of them".into(),
            });
        }
        let s = self.resolved();
        let features = FeatureConfig {
            word_ngrams: s.terms.ngrams().pair(),
            char_ngrams: s.terms.char_ngrams().0.map(NgramRange::pair),
            negation: s.terms.negation(),
            stemmer: if s.terms.stem() {
                SNOWBALL_ENGLISH.to_string()
            } else {
                "none".to_string()
            },
            min_df: s.features.min_df(),
            max_features: Some(s.features.max_features()).filter(|&m| m > 0),
            nb_scale: s.features.nb_scale(),
            nb_score: (s.naive_bayes.nb_score() > 0.0).then(|| NbScoreConfig {
                scale: s.naive_bayes.nb_score(),
                ngrams: s.naive_bayes.nb_ngrams().pair(),
                min_df: s.naive_bayes.nb_min_df(),
            }),
            removed: Default::default(),
        };
        let params = TrainParams {
            features,
            alpha: s.tune.alpha(),
            max_iterations: s.solver.max_iter(),
            gradient_tolerance: s.solver.tol(),
            tune: s.tune.tune().then(|| TuneParams {
                alphas: s.tune.alphas().0,
                folds: s.tune.tune_folds(),
                seed: s.tune.seed(),
            }),
            balance: s.solver.balance(),
            settings: s,
        };
        params.validate()?;
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        settings: Settings,
    }

    fn parse(flags: &str) -> Settings {
        let argv = std::iter::once("stance").chain(flags.split_whitespace());
        Cli::try_parse_from(argv).unwrap().settings
    }

    #[test]
    fn the_default_settings_print_as_these_flags() {
        assert_eq!(
            Settings::default().resolved().flags(),
            "--alpha 1 --ngrams 1..3 --char-ngrams none --max-features 0 --min-df 2 \
             --nb-score 0.03 --nb-ngrams 1..3 --nb-min-df 1 --max-iter 1000 --tol 0.0001"
        );
    }

    #[test]
    fn every_preset_is_exactly_the_flags_it_prints() {
        for preset in Preset::ALL {
            let named = Settings {
                preset: Some(preset),
                ..Settings::default()
            };
            let flags = named.resolved().flags();
            assert_eq!(
                parse(&flags).train_params().unwrap(),
                named.train_params().unwrap(),
                "{flags}"
            );
            assert_eq!(
                parse(&format!("--preset {}", preset.name()))
                    .train_params()
                    .unwrap(),
                named.train_params().unwrap()
            );
        }
    }

    #[test]
    fn flags_win_over_a_preset_wherever_they_stand() {
        let p = parse("--preset tweets --max-features 300 --char-ngrams none --alpha 0.5")
            .train_params()
            .unwrap();
        assert_eq!(p.features.max_features, Some(300));
        assert_eq!(p.features.char_ngrams, None);
        assert_eq!((p.alpha, p.tune), (0.5, None), "an alpha turns tuning off");
        assert_eq!(p.features.min_df, 1, "not given: the preset's value");
        assert_eq!(
            parse("--min-df 3 --preset tweets")
                .train_params()
                .unwrap()
                .features
                .min_df,
            3
        );
        let p = parse("--preset tweets --no-balance --no-nb-scale")
            .train_params()
            .unwrap();
        assert!(!p.balance && !p.features.nb_scale);
        assert!(parse("--preset tweets").train_params().unwrap().balance);
        let p = parse("--balance --nb-scale").train_params().unwrap();
        assert!(p.balance && p.features.nb_scale);
        assert!(Cli::try_parse_from(["stance", "--balance", "--no-balance"]).is_err());
        assert!(Cli::try_parse_from(["stance", "--preset", "tweet"]).is_err());
    }

    #[test]
    fn naive_bayes_ranges_follow_the_scores() {
        // `--nb-score 0` turns a preset's scores off; `--nb-ngrams` alone
        // changes their range and does nothing where they are off.
        assert_eq!(
            parse("--preset snippets --nb-score 0")
                .train_params()
                .unwrap()
                .features
                .nb_score,
            None
        );
        let nb = parse("--preset snippets --nb-ngrams 1..3")
            .train_params()
            .unwrap()
            .features
            .nb_score
            .unwrap();
        assert_eq!((nb.scale, nb.ngrams), (0.03, (1, 3)));
        assert_eq!(
            parse("--preset tweets --nb-ngrams 1..3")
                .train_params()
                .unwrap()
                .features
                .nb_score,
            None
        );
        let nb = parse("--preset tweets --nb-score 0.1")
            .train_params()
            .unwrap()
            .features
            .nb_score
            .unwrap();
        assert_eq!((nb.scale, nb.ngrams), (0.1, (1, 3)), "the default range");
    }

    #[test]
    fn the_grid_does_nothing_without_tuning() {
        assert_eq!(
            parse("--alphas 5").train_params().unwrap(),
            parse("").train_params().unwrap()
        );
        let t = parse("--tune").train_params().unwrap().tune.unwrap();
        assert_eq!(
            (t.alphas, t.folds, t.seed),
            (vec![0.3, 1.0, 3.0, 10.0], 5, 42)
        );
        let t = parse("--preset tweets --alphas 1,3 --tune-folds 3")
            .train_params()
            .unwrap()
            .tune
            .expect("the preset's tuning stays on");
        assert_eq!((t.alphas, t.folds), (vec![1.0, 3.0], 3));
    }

    /// cv's folds follow `--seed` even without `--tune`, where the resolved
    /// settings leave the seed out.
    #[test]
    fn the_fold_seed_is_read_through_the_presets() {
        assert_eq!(parse("--seed 7").fold_seed(), 7);
        assert_eq!(parse("--preset tweets --seed 7").fold_seed(), 7);
        assert_eq!(parse("--preset tweets").fold_seed(), 42);
        assert_eq!(parse("").fold_seed(), 42);
    }

    #[test]
    fn resolved_settings_resolve_to_the_same_parameters() {
        for flags in [
            "",
            "--preset tweets",
            "--preset snippets --alpha 2",
            "--tune --seed 7",
        ] {
            let s = parse(flags);
            assert_eq!(
                s.resolved().train_params().unwrap(),
                s.train_params().unwrap(),
                "{flags}"
            );
        }
    }

    #[test]
    fn resolved_settings_survive_the_model_file() {
        let s = parse("--preset snippets --no-stem").resolved();
        let json = serde_json::to_string(&s).unwrap();
        let back: Settings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.flags(), s.flags());
        assert!(s.flags().contains("--no-stem"), "{}", s.flags());
    }
}
