//! Named presets: settings that helped on a kind of data, so a user can ask
//! for "what works on tweets" without knowing the flags. A preset is a
//! partial [`Settings`] value; the flags given beside it win
//! ([`Settings::over`]).

use std::str::FromStr;

use super::{
    FeatureSettings, NaiveBayesSettings, NgramRange, NumberList, OptionalRange, Settings,
    SolverSettings, TermSettings, TuneSettings,
};
use crate::error::{find_named, Error};

/// A named set of training settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// The defaults of every setting (what the default stance model uses).
    Default,
    /// Short social-media posts with hashtags (chosen by 5-fold CV on
    /// SemEval-2016 Task 6's training file): every term kept, character
    /// 2..5-grams, Naive-Bayes feature scaling, balanced labels, alpha tuned
    /// over a grid that reaches weaker regularisation. Balancing and scaling
    /// gave train-CV F_avg 70.41 against 68.59 without. No Naive-Bayes score
    /// columns: a few hundred tweets per target give noisy out-of-fold scores.
    Tweets,
    /// Short review-like sentences, about ten thousand of them (what sentence
    /// polarity v1.0 liked): a feature cap of 8000, alpha tuned on 3 folds,
    /// and Naive-Bayes score columns over word 1..2-grams (80.47 instead of
    /// 79.53 accuracy over the 10 folds).
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

    /// The settings this preset gives (the others keep their defaults).
    pub fn settings(self) -> Settings {
        match self {
            Preset::Default => Settings::default(),
            Preset::Tweets => Settings {
                tune: TuneSettings {
                    tune: Some(true),
                    alphas: Some(NumberList(vec![0.03, 0.1, 0.3, 1.0])),
                    ..TuneSettings::default()
                },
                terms: TermSettings {
                    ngrams: Some(NgramRange(1, 2)),
                    char_ngrams: Some(OptionalRange(Some(NgramRange(2, 5)))),
                    ..TermSettings::default()
                },
                features: FeatureSettings {
                    min_df: Some(1),
                    nb_scale: Some(true),
                    ..FeatureSettings::default()
                },
                naive_bayes: NaiveBayesSettings {
                    nb_score: Some(0.0),
                    ..NaiveBayesSettings::default()
                },
                solver: SolverSettings {
                    balance: Some(true),
                    ..SolverSettings::default()
                },
                preset: None,
            },
            Preset::Snippets => Settings {
                tune: TuneSettings {
                    tune: Some(true),
                    alphas: Some(NumberList(vec![0.3, 1.0, 3.0])),
                    tune_folds: Some(3),
                    ..TuneSettings::default()
                },
                terms: TermSettings {
                    ngrams: Some(NgramRange(1, 2)),
                    ..TermSettings::default()
                },
                features: FeatureSettings {
                    max_features: Some(8000),
                    ..FeatureSettings::default()
                },
                naive_bayes: NaiveBayesSettings {
                    nb_ngrams: Some(NgramRange(1, 2)),
                    ..NaiveBayesSettings::default()
                },
                ..Settings::default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_list_the_known_ones() {
        for p in Preset::ALL {
            assert_eq!(p.name().parse::<Preset>().unwrap(), p);
        }
        let e = "tweet".parse::<Preset>().unwrap_err().to_string();
        assert!(e.contains("unknown preset 'tweet'"), "{e}");
        assert!(e.contains("default, tweets, snippets"), "{e}");
    }

    fn flags(p: Preset) -> String {
        p.settings().over(&Settings::default()).resolved().flags()
    }

    #[test]
    fn the_presets_expand_to_their_benchmark_flags() {
        assert_eq!(
            flags(Preset::Tweets),
            "--tune --alphas 0.03,0.1,0.3,1 --tune-folds 5 --seed 42 --ngrams 1..2 \
             --char-ngrams 2..5 --max-features 0 --min-df 1 --nb-scale --nb-score 0 \
             --balance --max-iter 1000 --tol 0.0001"
        );
        assert_eq!(
            flags(Preset::Snippets),
            "--tune --alphas 0.3,1,3 --tune-folds 3 --seed 42 --ngrams 1..2 \
             --char-ngrams none --max-features 8000 --min-df 2 --nb-score 0.03 \
             --nb-ngrams 1..2 --nb-min-df 1 --max-iter 1000 --tol 0.0001"
        );
    }
}
