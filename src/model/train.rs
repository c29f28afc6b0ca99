//! Hyperparameters -> fitted [`Classifier`], through the sparse fit of
//! linfa-logistic's objective ([`super::sparse_fit`]), with alpha tuned by
//! stratified cross-validation.
//!
//! L-BFGS can stop early (iteration limit, or a cost that no longer moves);
//! the gradient is therefore recomputed at the returned parameters and
//! reported as `converged` / `gradient_norm`.

use std::collections::BTreeMap;
use std::path::Path;

use super::borrow::Borrowed;
use super::tune::tune_alpha;
use super::{Classifier, TrainingInfo};
use crate::data::LabeledData;
use crate::error::{Error, Result};
use crate::progress::Progress;

use super::fit::{fit_texts, TrainRows};
pub use super::params::TrainParams;
pub(crate) use super::params::TuneParams;

/// Label indices of the rows and the sorted label names; checks that there
/// are at least two labels.
pub fn encode_labels(data: &LabeledData) -> Result<(Vec<String>, Vec<usize>)> {
    let labels = data.labels();
    if labels.len() < 2 {
        return Err(Error::input(
            &data.path,
            None,
            format!(
                "all {} rows carry the label '{}'; training needs at least two labels",
                data.rows.len(),
                labels.first().map(String::as_str).unwrap_or("")
            ),
        ));
    }
    let y = crate::labels::LabelSet::new(labels.clone()).encode(data)?;
    Ok((labels, y))
}

/// Train a classifier on labelled data (tuning alpha first when asked).
pub fn train(
    data: &LabeledData,
    params: &TrainParams,
    text_column: &str,
    label_column: &str,
    progress: &dyn Progress,
) -> Result<Classifier> {
    train_borrowing(data, None, params, text_column, label_column, progress)
}

/// [`train`] for one group of a grouped evaluation, also learning from
/// `borrow`'s rows (the other groups') at the weight it gives, in `(0, 1]`;
/// see `model::borrow`. Tuning folds split the group's own rows only and
/// every fold borrows all of `borrow`.
pub(crate) fn train_borrowing(
    data: &LabeledData,
    borrow: Option<(&LabeledData, f64)>,
    params: &TrainParams,
    text_column: &str,
    label_column: &str,
    progress: &dyn Progress,
) -> Result<Classifier> {
    params.validate()?;
    let (labels, y) = encode_labels(data)?;
    let borrowed = borrow
        .map(|(other, weight)| Borrowed::new(other, &labels, weight))
        .transpose()?;
    let texts: Vec<&str> = data.rows.iter().map(|r| r.text.as_str()).collect();
    let row_weights: Vec<f64> = data.rows.iter().map(|r| r.weight).collect();
    let rows = TrainRows {
        texts: &texts,
        y: &y,
        weights: &row_weights,
    };
    if params.tune.is_some() {
        for (i, label) in labels.iter().enumerate() {
            let n = y.iter().filter(|&&l| l == i).count();
            if n < 2 {
                return Err(Error::input(
                    &data.path,
                    None,
                    format!("label '{label}' has only {n} row; --tune needs at least 2 rows of every label"),
                ));
            }
        }
    }

    let (alpha, tuning) = match &params.tune {
        Some(tune) => {
            let info = tune_alpha(rows, &labels, params, tune, borrowed.as_ref(), progress)?;
            (info.best_alpha, Some(info))
        }
        None => (params.alpha, None),
    };

    let fitted = fit_texts(rows, labels.len(), alpha, params, borrowed.as_ref())?;
    let mut rows_per_label = BTreeMap::new();
    for &l in &y {
        *rows_per_label.entry(labels[l].clone()).or_insert(0) += 1;
    }
    let training = TrainingInfo {
        data_file: Path::new(&data.path)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        data_sha256: data.sha256.clone(),
        text_column: text_column.to_string(),
        label_column: label_column.to_string(),
        rows: data.rows.len(),
        rows_per_label,
        alpha,
        max_iterations: params.max_iterations,
        gradient_tolerance: params.gradient_tolerance,
        tuning,
        balanced: params.balance,
        weight_column: data.weight_column.clone(),
        converged: fitted.report.converged,
        gradient_norm: fitted.report.gradient_norm,
        stance_version: env!("CARGO_PKG_VERSION").to_string(),
        // Recorded only when they give these very parameters: fields changed
        // by hand after resolving would make the printed flags retrain
        // another model.
        settings: params
            .settings
            .train_params()
            .is_ok_and(|p| p == *params)
            .then(|| params.settings.clone()),
    };
    Ok(fitted.into_classifier(labels, training))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::config::FeatureConfig;
    use crate::features::tfidf::SparseRow;
    use crate::model::balance::balanced_weights;
    use crate::model::fit::{fit_set, TrainSet};

    /// Balancing by weight fits what balancing by repetition fitted: the
    /// minority row weighted 3 equals it written three times.
    #[test]
    fn a_balanced_fit_equals_the_minority_rows_repeated() {
        let rows: Vec<SparseRow> = vec![
            vec![(0, 1.0)],
            vec![(0, 0.6), (1, 0.8)],
            vec![(2, 1.0)],
            vec![(1, 1.0), (2, 0.5)],
        ];
        let params = TrainParams {
            gradient_tolerance: 1e-9,
            max_iterations: 1000,
            ..TrainParams::default()
        };
        let y = [0, 0, 0, 1];
        let balanced =
            TrainSet::new(&rows, 3, &y, balanced_weights(&y, &[1.0; 4], 2), false).unwrap();
        let mut repeated_rows = rows.clone();
        repeated_rows.extend([rows[3].clone(), rows[3].clone()]);
        let repeated =
            TrainSet::new(&repeated_rows, 3, &[0, 0, 0, 1, 1, 1], vec![1.0; 6], false).unwrap();
        let a = fit_set(&balanced, 2, 0.5, &params, None).unwrap();
        let b = fit_set(&repeated, 2, 0.5, &params, None).unwrap();
        let gap = (&a.weights - &b.weights)
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(gap < 1e-7, "{gap}");
        let plain = TrainSet::new(&rows, 3, &y, vec![1.0; 4], false).unwrap();
        let c = fit_set(&plain, 2, 0.5, &params, None).unwrap();
        assert!((&a.weights - &c.weights).iter().any(|v| v.abs() > 1e-3));
    }

    /// Another group's rows: "sunny" sentences are `yes`, "rainy" ones `no`.
    fn weather_rows(n: usize) -> LabeledData {
        let rows: Vec<(String, &str)> = (0..n)
            .flat_map(|k| {
                [
                    (format!("a sunny morning number {k}"), "yes"),
                    (format!("a rainy evening number {k}"), "no"),
                ]
            })
            .collect();
        LabeledData::from_pairs("other.csv", &rows)
    }

    fn yes_probability(model: &Classifier, text: &str) -> f64 {
        let p = model.predict(text);
        let yes = model.labels().iter().position(|l| l == "yes").unwrap();
        p.probabilities[yes]
    }

    /// A model of `own` that borrows `other` at weight 0.1.
    fn borrowing_model(
        own: &[(String, &str)],
        other: &LabeledData,
        params: &TrainParams,
    ) -> Classifier {
        let own = LabeledData::from_pairs("own.csv", own);
        train_borrowing(
            &own,
            Some((other, 0.1)),
            params,
            "text",
            "label",
            &crate::progress::Silent,
        )
        .unwrap()
    }

    fn plain_params() -> TrainParams {
        TrainParams {
            features: FeatureConfig {
                min_df: 1,
                word_ngrams: (1, 2),
                nb_score: None,
                ..FeatureConfig::default()
            },
            alpha: 0.3,
            ..TrainParams::default()
        }
    }

    #[test]
    fn a_group_learns_words_it_never_saw_from_borrowed_rows() {
        // The group's own rows never say "sunny" or "rainy".
        let own: Vec<(String, &str)> = (0..4)
            .flat_map(|k| [(format!("glad {k}"), "yes"), (format!("sad {k}"), "no")])
            .collect();
        let borrowing = borrowing_model(&own, &weather_rows(20), &plain_params());
        let own = LabeledData::from_pairs("own.csv", &own);
        let alone = train(
            &own,
            &plain_params(),
            "text",
            "label",
            &crate::progress::Silent,
        )
        .unwrap();
        // Alone, the words are unknown: no lean either way.
        let p = yes_probability(&alone, "sunny");
        assert!((p - 0.5).abs() < 0.05, "{p}");
        let (sunny, rainy) = (
            yes_probability(&borrowing, "sunny"),
            yes_probability(&borrowing, "rainy"),
        );
        assert!(sunny > 0.6 && rainy < 0.4, "{sunny} {rainy}");
        // Its own words still work.
        assert!(yes_probability(&borrowing, "glad") > 0.6);
    }

    /// A group where the weather words mean the opposite of [`weather_rows`].
    fn contrary_rows() -> Vec<(String, &'static str)> {
        (0..4)
            .flat_map(|k| {
                [
                    (format!("sunny again {k}"), "no"),
                    (format!("rainy again {k}"), "yes"),
                ]
            })
            .collect()
    }

    fn assert_own_meaning(model: &Classifier) {
        let (sunny, rainy) = (
            yes_probability(model, "sunny"),
            yes_probability(model, "rainy"),
        );
        assert!(sunny < 0.4 && rainy > 0.6, "{sunny} {rainy}");
    }

    #[test]
    fn own_rows_outweigh_borrowed_rows_that_disagree() {
        assert_own_meaning(&borrowing_model(
            &contrary_rows(),
            &weather_rows(20),
            &plain_params(),
        ));
    }

    /// With as many borrowed rows as own ones, the weather words' counts
    /// cancel over all rows: Naive-Bayes scaling from every row's labels
    /// would weigh them 0, from the own rows' labels it keeps them.
    #[test]
    fn nb_scaling_while_borrowing_reads_the_own_rows_labels() {
        let mut params = plain_params();
        params.features.nb_scale = true;
        assert_own_meaning(&borrowing_model(
            &contrary_rows(),
            &weather_rows(4),
            &params,
        ));
    }
}
