//! Named presets: training settings that helped on a kind of data, so a user
//! can ask for "what works on tweets" without knowing the flags, and
//! [`Overrides`]: the settings given explicitly, which always win over the
//! preset.
//!
//! A preset is nothing more than a [`TrainParams`]; [`TrainParams::as_flags`]
//! prints the flags it expands to, so `train` can show the resolved settings
//! and the README can document each preset as a command line.

use std::fmt::Write as _;
use std::str::FromStr;

use super::train::{TrainParams, TuneParams};
use super::tuning::TuneMetric;
use crate::error::{find_named, Error};
use crate::features::analyzer::FeatureConfig;
use crate::features::naive_bayes::NbScoreConfig;
use crate::features::tfidf::TfMode;

/// A named set of training settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// The defaults of every flag (what the default stance model uses).
    Default,
    /// Short social-media posts with hashtags (chosen by 5-fold CV on
    /// SemEval-2016 Task 6's training file): every term kept, character
    /// 2..5-grams, Naive-Bayes feature scaling, balanced labels, alpha tuned
    /// over a grid that reaches weaker regularisation.
    Tweets,
    /// Short review-like sentences, about ten thousand of them (what sentence
    /// polarity v1.0 liked): a feature cap of 8000, alpha tuned on 3 folds,
    /// and a looser gradient tolerance: the objective is a sum over rows, so
    /// on 10k rows a gradient norm of 1 is already a small mean gradient
    /// (on polarity folds 0 and 1 it moved accuracy by under 0.1 point and
    /// made each fit markedly faster), plus Naive-Bayes score columns over
    /// word 1..2-grams at scale 0.03 (`--nb-score`: 80.47 instead of 79.53
    /// accuracy over the 10 folds).
    Snippets,
}

impl Preset {
    /// Every preset, in the order they are documented.
    pub const ALL: [Preset; 3] = [Preset::Default, Preset::Tweets, Preset::Snippets];

    /// The name given to `--preset`.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Default => "default",
            Preset::Tweets => "tweets",
            Preset::Snippets => "snippets",
        }
    }

    /// The settings of this preset.
    pub fn params(self) -> TrainParams {
        let default = TrainParams::default();
        match self {
            Preset::Default => default,
            Preset::Tweets => TrainParams {
                // Balancing and Naive-Bayes scaling: train-CV F_avg 70.41
                // against 68.59 without (README, "What each option gave").
                // No Naive-Bayes score columns: a few hundred tweets per
                // target give noisy out-of-fold scores.
                features: FeatureConfig {
                    char_ngrams: Some((2, 5)),
                    min_df: 1,
                    max_features: None,
                    nb_score: None,
                    nb_scale: true,
                    ..FeatureConfig::default()
                },
                balance: true,
                tune: Some(TuneParams {
                    alphas: vec![0.03, 0.1, 0.3, 1.0],
                    ..TuneParams::default()
                }),
                ..default
            },
            Preset::Snippets => TrainParams {
                features: FeatureConfig {
                    max_features: Some(8000),
                    nb_score: Some(NbScoreConfig {
                        scale: 0.03,
                        ngrams: (1, 2),
                        min_df: 1,
                    }),
                    ..FeatureConfig::default()
                },
                tune: Some(TuneParams {
                    alphas: vec![0.3, 1.0, 3.0],
                    folds: 3,
                    ..TuneParams::default()
                }),
                ..default
            },
        }
    }
}

impl FromStr for Preset {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        find_named(&Preset::ALL, Preset::name, s, "preset")
    }
}

/// Settings given explicitly (on the command line); `None` / `false` means
/// "not given: keep the preset's value".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// A fixed alpha. Given explicitly it also turns off a preset's tuning:
    /// asking for one alpha means not searching for one.
    pub alpha: Option<f64>,
    /// Tune alpha (with the preset's grid, or the default grid).
    pub tune: bool,
    /// The alphas tried when tuning.
    pub alphas: Option<Vec<f64>>,
    /// Folds used when tuning.
    pub tune_folds: Option<usize>,
    /// Fold-assignment seed used when tuning.
    pub seed: Option<u64>,
    /// What tuning maximises.
    pub tune_metric: Option<TuneMetric>,
    /// Also tune per-label logit shifts.
    pub tune_bias: bool,
    /// Feature cap; `Some(None)` = no cap.
    pub max_features: Option<Option<usize>>,
    /// Word n-gram lengths.
    pub word_ngrams: Option<(usize, usize)>,
    /// Character n-gram lengths; `Some(None)` = none.
    pub char_ngrams: Option<Option<(usize, usize)>>,
    /// Minimum document frequency.
    pub min_df: Option<usize>,
    /// `--nb-scale` (`Some(true)`) or `--no-nb-scale` (`Some(false)`).
    pub nb_scale: Option<bool>,
    /// Normalise word and character n-grams separately.
    pub block_norm: bool,
    /// Character n-grams across the whole sentence.
    pub char_whole: bool,
    /// `--tf MODE`: how a term's count becomes its weight.
    pub tf: Option<TfMode>,
    /// `--no-idf`: every IDF weight is 1.
    pub no_idf: bool,
    /// `--nb-score SCALE`; `Some(0.0)` turns a preset's scores off.
    pub nb_score: Option<f64>,
    /// `--nb-ngrams a..b` (used when Naive-Bayes scores are on).
    pub nb_ngrams: Option<(usize, usize)>,
    /// `--nb-min-df N` (used when Naive-Bayes scores are on).
    pub nb_min_df: Option<usize>,
    /// Turn off negation marking.
    pub no_negation: bool,
    /// Turn off stemming.
    pub no_stem: bool,
    /// L-BFGS iteration limit.
    pub max_iterations: Option<u64>,
    /// Gradient tolerance.
    pub gradient_tolerance: Option<f64>,
    /// `--balance` (`Some(true)`) or `--no-balance` (`Some(false)`).
    pub balance: Option<bool>,
}

impl Overrides {
    /// The preset's settings with every explicitly given one put in its place.
    pub fn apply(&self, preset: Preset) -> TrainParams {
        let mut p = preset.params();
        if let Some(alpha) = self.alpha {
            p.alpha = alpha;
            p.tune = None;
        }
        if self.tune && p.tune.is_none() {
            p.tune = Some(TuneParams::default());
        }
        if let Some(t) = p.tune.as_mut() {
            if let Some(alphas) = &self.alphas {
                t.alphas = alphas.clone();
            }
            if let Some(folds) = self.tune_folds {
                t.folds = folds;
            }
            if let Some(seed) = self.seed {
                t.seed = seed;
            }
            if let Some(m) = &self.tune_metric {
                t.metric = m.clone();
            }
            t.bias |= self.tune_bias;
        }
        let f = &mut p.features;
        if let Some(cap) = self.max_features {
            f.max_features = cap;
        }
        if let Some(n) = self.word_ngrams {
            f.word_ngrams = n;
        }
        if let Some(c) = self.char_ngrams {
            f.char_ngrams = c;
        }
        if let Some(m) = self.min_df {
            f.min_df = m;
        }
        if let Some(on) = self.nb_scale {
            f.nb_scale = on;
        }
        f.block_norm |= self.block_norm;
        f.char_whole |= self.char_whole;
        if let Some(tf) = self.tf {
            f.binary_tf = tf == TfMode::Binary;
            f.sublinear_tf = tf == TfMode::Sublinear;
        }
        f.use_idf &= !self.no_idf;
        if let Some(scale) = self.nb_score {
            let kept = f.nb_score.as_ref();
            f.nb_score = (scale > 0.0).then(|| NbScoreConfig {
                scale,
                ngrams: kept.map_or(NbScoreConfig::default().ngrams, |nb| nb.ngrams),
                min_df: kept.map_or(1, |nb| nb.min_df),
            });
        }
        if let (Some(n), Some(nb)) = (self.nb_ngrams, f.nb_score.as_mut()) {
            nb.ngrams = n;
        }
        if let (Some(m), Some(nb)) = (self.nb_min_df, f.nb_score.as_mut()) {
            nb.min_df = m;
        }
        f.negation &= !self.no_negation;
        if self.no_stem {
            f.stemmer = "none".into();
        }
        if let Some(n) = self.max_iterations {
            p.max_iterations = n;
        }
        if let Some(t) = self.gradient_tolerance {
            p.gradient_tolerance = t;
        }
        if let Some(on) = self.balance {
            p.balance = on;
        }
        p
    }
}

impl TrainParams {
    /// The `train` flags that give these settings, every one spelled out
    /// (`--alpha` or `--tune ...`, the feature settings, the optimiser's), so
    /// the settings a preset resolved to can be printed and re-run.
    pub fn as_flags(&self) -> String {
        let mut s = String::new();
        let list = |v: &[f64]| v.iter().map(f64::to_string).collect::<Vec<_>>().join(",");
        match &self.tune {
            Some(t) => {
                let _ = write!(
                    s,
                    "--tune --alphas {} --tune-folds {} --seed {}",
                    list(&t.alphas),
                    t.folds,
                    t.seed
                );
                if t.metric != TuneMetric::MacroF1 {
                    let _ = write!(s, " --tune-metric {}", t.metric);
                }
                if t.bias {
                    s.push_str(" --tune-bias");
                }
            }
            None => {
                let _ = write!(s, "--alpha {}", self.alpha);
            }
        }
        let f = &self.features;
        let _ = write!(
            s,
            " --max-features {} --ngrams {}..{} --char-ngrams {} --min-df {}",
            f.max_features.unwrap_or(0),
            f.word_ngrams.0,
            f.word_ngrams.1,
            f.char_ngrams
                .map(|(a, b)| format!("{a}..{b}"))
                .unwrap_or_else(|| "none".into()),
            f.min_df
        );
        if f.nb_scale {
            s.push_str(" --nb-scale");
        }
        if f.block_norm {
            s.push_str(" --block-norm");
        }
        if f.char_whole {
            s.push_str(" --char-whole");
        }
        let tf = TfMode::of(f);
        if tf != TfMode::default() {
            let _ = write!(s, " --tf {tf}");
        }
        if !f.use_idf {
            s.push_str(" --no-idf");
        }
        match &f.nb_score {
            Some(nb) => {
                let _ = write!(
                    s,
                    " --nb-score {} --nb-ngrams {}..{}",
                    nb.scale, nb.ngrams.0, nb.ngrams.1
                );
                if nb.min_df != 1 {
                    let _ = write!(s, " --nb-min-df {}", nb.min_df);
                }
            }
            // Scores are on by default, so "off" must be said.
            None => s.push_str(" --nb-score 0"),
        }
        if !f.negation {
            s.push_str(" --no-negation");
        }
        if f.stemmer == "none" {
            s.push_str(" --no-stem");
        }
        if self.balance {
            s.push_str(" --balance");
        }
        let _ = write!(
            s,
            " --max-iter {} --tol {}",
            self.max_iterations, self.gradient_tolerance
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_preset_is_the_defaults() {
        assert_eq!(Preset::Default.params(), TrainParams::default());
        assert_eq!(
            Preset::Default.params().as_flags(),
            "--alpha 1 --max-features 0 --ngrams 1..3 --char-ngrams none --min-df 2 \
             --nb-score 0.03 --nb-ngrams 1..3 --max-iter 1000 --tol 0.0001"
        );
        assert_eq!(
            Overrides::default().apply(Preset::Default),
            TrainParams::default()
        );
    }

    #[test]
    fn names_round_trip_and_unknown_names_list_the_known_ones() {
        for p in Preset::ALL {
            assert_eq!(p.name().parse::<Preset>().unwrap(), p);
        }
        let e = "tweet".parse::<Preset>().unwrap_err().to_string();
        assert!(e.contains("unknown preset 'tweet'"), "{e}");
        assert!(e.contains("default, tweets, snippets"), "{e}");
    }

    #[test]
    fn the_tweets_preset_expands_to_the_semeval_flags() {
        assert_eq!(
            Preset::Tweets.params().as_flags(),
            "--tune --alphas 0.03,0.1,0.3,1 --tune-folds 5 --seed 42 --max-features 0 \
             --ngrams 1..2 --char-ngrams 2..5 --min-df 1 --nb-scale --nb-score 0 --balance \
             --max-iter 1000 --tol 0.0001"
        );
    }

    #[test]
    fn the_snippets_preset_expands_to_the_polarity_flags() {
        assert_eq!(
            Preset::Snippets.params().as_flags(),
            "--tune --alphas 0.3,1,3 --tune-folds 3 --seed 42 --max-features 8000 \
             --ngrams 1..2 --char-ngrams none --min-df 2 --nb-score 0.03 --nb-ngrams 1..2 \
             --max-iter 1000 --tol 0.0001"
        );
        // `--nb-score 0` turns the preset's scores off; `--nb-ngrams` alone
        // changes their range.
        let off = Overrides {
            nb_score: Some(0.0),
            ..Overrides::default()
        };
        assert_eq!(off.apply(Preset::Snippets).features.nb_score, None);
        let longer = Overrides {
            nb_ngrams: Some((1, 3)),
            ..Overrides::default()
        };
        let nb = longer.apply(Preset::Snippets).features.nb_score.unwrap();
        assert_eq!((nb.scale, nb.ngrams), (0.03, (1, 3)));
        // On a preset without scores, `--nb-ngrams` alone does nothing and
        // `--nb-score` uses the default range.
        assert_eq!(longer.apply(Preset::Tweets).features.nb_score, None);
        let on = Overrides {
            nb_score: Some(0.1),
            ..Overrides::default()
        };
        let nb = on.apply(Preset::Tweets).features.nb_score.unwrap();
        assert_eq!((nb.scale, nb.ngrams), (0.1, (1, 2)));
        // The default settings have them, at scale 0.03 over 1..3-grams.
        assert_eq!(
            Preset::Default.params().features.nb_score,
            Some(NbScoreConfig {
                ngrams: (1, 3),
                ..NbScoreConfig::default()
            })
        );
        assert_eq!(off.apply(Preset::Default).features.nb_score, None);
    }

    #[test]
    fn tf_overrides_leave_one_mode_set() {
        for mode in TfMode::ALL {
            let f = Overrides {
                tf: Some(mode),
                ..Overrides::default()
            }
            .apply(Preset::Default)
            .features;
            assert_eq!(TfMode::of(&f), mode);
            assert_eq!(f.binary_tf, mode == TfMode::Binary);
        }
        // The default prints neither flag.
        let flags = Preset::Default.params().as_flags();
        assert!(
            !flags.contains("--tf") && !flags.contains("--no-idf"),
            "{flags}"
        );
    }

    #[test]
    fn explicit_settings_win_over_the_preset() {
        let o = Overrides {
            max_features: Some(Some(500)),
            char_ngrams: Some(None),
            min_df: Some(3),
            alphas: Some(vec![1.0, 3.0]),
            tune_folds: Some(3),
            gradient_tolerance: Some(0.01),
            no_stem: true,
            block_norm: true,
            char_whole: true,
            tf: Some(TfMode::Binary),
            no_idf: true,
            ..Overrides::default()
        };
        let p = o.apply(Preset::Tweets);
        assert!(p.features.block_norm && p.features.char_whole);
        assert!(p.features.binary_tf && !p.features.use_idf);
        assert!(
            p.as_flags().contains(" --tf binary --no-idf"),
            "{}",
            p.as_flags()
        );
        assert!(p.as_flags().contains(" --char-whole"), "{}", p.as_flags());
        assert!(p.as_flags().contains(" --block-norm"), "{}", p.as_flags());
        assert_eq!(p.features.max_features, Some(500));
        assert_eq!(p.features.char_ngrams, None);
        assert_eq!(p.features.min_df, 3);
        assert_eq!(p.features.stemmer, "none");
        assert_eq!(p.gradient_tolerance, 0.01);
        let t = p.tune.expect("the preset's tuning stays on");
        assert_eq!((t.alphas, t.folds), (vec![1.0, 3.0], 3));
        // What was not given keeps the preset's value.
        assert_eq!(p.features.word_ngrams, (1, 2));
        assert_eq!(p.max_iterations, TrainParams::default().max_iterations);
    }

    #[test]
    fn no_balance_and_no_nb_scale_turn_the_tweets_presets_off() {
        let p = Overrides::default().apply(Preset::Tweets);
        assert!(p.balance && p.features.nb_scale);
        let o = Overrides {
            balance: Some(false),
            nb_scale: Some(false),
            ..Overrides::default()
        };
        let p = o.apply(Preset::Tweets);
        assert!(!p.balance && !p.features.nb_scale);
        assert!(!p.as_flags().contains("--balance") && !p.as_flags().contains("--nb-scale"));
        // And on where the preset has them off.
        let o = Overrides {
            balance: Some(true),
            nb_scale: Some(true),
            ..Overrides::default()
        };
        let p = o.apply(Preset::Default);
        assert!(p.balance && p.features.nb_scale);
    }

    #[test]
    fn an_explicit_alpha_turns_off_the_presets_tuning() {
        let o = Overrides {
            alpha: Some(0.5),
            ..Overrides::default()
        };
        let p = o.apply(Preset::Tweets);
        assert_eq!((p.alpha, p.tune), (0.5, None));
        assert_eq!(p.features.char_ngrams, Some((2, 5)));
    }

    #[test]
    fn tune_without_a_preset_grid_uses_the_default_grid() {
        let o = Overrides {
            tune: true,
            ..Overrides::default()
        };
        assert_eq!(o.apply(Preset::Default).tune, Some(TuneParams::default()));
        // Grid settings without tuning are ignored, as they always were.
        let o = Overrides {
            alphas: Some(vec![5.0]),
            ..Overrides::default()
        };
        assert_eq!(o.apply(Preset::Default), TrainParams::default());
    }

    #[test]
    fn tune_metric_and_bias_go_into_the_tuning_and_its_flags() {
        let favg: TuneMetric = "favg:FAVOR,AGAINST".parse().unwrap();
        let o = Overrides {
            tune: true,
            tune_metric: Some(favg.clone()),
            tune_bias: true,
            ..Overrides::default()
        };
        let p = o.apply(Preset::Default);
        let t = p.tune.as_ref().expect("tuning on");
        assert_eq!((&t.metric, t.bias), (&favg, true));
        assert!(
            p.as_flags()
                .contains("--seed 42 --tune-metric favg:FAVOR,AGAINST --tune-bias --max-features"),
            "{}",
            p.as_flags()
        );
        // Without tuning they do nothing, like the grid settings.
        let o = Overrides {
            tune_metric: Some(favg),
            tune_bias: true,
            ..Overrides::default()
        };
        assert_eq!(o.apply(Preset::Default), TrainParams::default());
    }
}
