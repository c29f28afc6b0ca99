//! The `stance` Python package: the Rust crate's classifier, training and
//! evaluation behind a small Python API (see python/README.md).
//!
//! Everything returned as a dict has the shape of the command line's JSON
//! output, as it is built from the same serde types; errors are one
//! exception class carrying the command line's one-line message.

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser};
use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;
use serde::Serialize;

use stance::Article;

mod columns;
mod convert;
use columns::ArticleColumns;
use convert::ArticleDicts;
use stance::{
    read_labeled_csv, score_file, Columns, InputFormat, MetricsReport, ReportOptions, Settings,
};

create_exception!(
    stance,
    StanceError,
    PyValueError,
    "Bad input, settings or files: the message is the one line the `stance` command prints after `stance: error: `."
);

/// A library error as a Python exception, with the message the command
/// line prints: the error and its causes on one line.
fn to_py(e: stance::Error) -> PyErr {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    StanceError::new_err(parts.join(": ").replace('\n', " "))
}

fn stance_error(message: impl Into<String>) -> PyErr {
    StanceError::new_err(message.into())
}

/// Articles classified per batch by `classify_many`: enough to keep every
/// worker busy, few enough that the first dicts are built early.
const BATCH_ARTICLES: usize = 256;

/// Values through JSON, for reports whose exact JSON (NaN written as
/// null included) is what the command line prints.
fn json_to_python<'py>(py: Python<'py>, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| stance_error(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}

/// The options every classify call takes, checked: the input format named
/// by `input_format`, after `min_confidence` is found to be a probability.
fn text_options(min_confidence: Option<f64>, input_format: &str) -> PyResult<InputFormat> {
    if let Some(p) = min_confidence {
        stance::cli_support::check_probability(p).map_err(|why| {
            stance_error(format!("invalid value '{p}' for min_confidence: {why}"))
        })?;
    }
    match input_format {
        "text" => Ok(InputFormat::Text),
        "html" => Ok(InputFormat::Html),
        "markdown" => Ok(InputFormat::Markdown),
        other => Err(stance_error(format!(
            "invalid value '{other}' for input_format: expected text, html or markdown"
        ))),
    }
}

/// The worker threads of a call: a pool of `threads` threads, or `None`
/// for rayon's global pool (every core, or RAYON_NUM_THREADS).
struct Workers(Option<rayon::ThreadPool>);

impl Workers {
    fn new(threads: Option<usize>) -> PyResult<Self> {
        match threads {
            None => Ok(Workers(None)),
            Some(0) => Err(stance_error(
                "invalid value '0' for threads: must be at least 1",
            )),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map(|pool| Workers(Some(pool)))
                .map_err(|e| stance_error(e.to_string())),
        }
    }

    fn run<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        match &self.0 {
            None => work(),
            Some(pool) => pool.install(work),
        }
    }
}

/// Python's cyclic garbage collector switched off while the dicts are
/// built, and back on (if it was on) when dropped: hundreds of thousands of
/// new dicts, none of them garbage, would otherwise set it off again and
/// again, which doubled the time of building them.
struct GcPause<'py> {
    gc: Bound<'py, PyModule>,
    was_enabled: bool,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        let was_enabled = gc.call_method0("isenabled")?.extract()?;
        if was_enabled {
            gc.call_method0("disable")?;
        }
        Ok(GcPause { gc, was_enabled })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if self.was_enabled {
            // gc.enable() takes no input that could make it fail.
            let _ = self.gc.call_method0("enable");
        }
    }
}

/// A trained stance model.
///
/// ``Classifier()`` is the model embedded in the package;
/// ``Classifier.load(path)`` reads a model file written by ``stance train``
/// or :func:`stance.train`.
#[pyclass(name = "Classifier", module = "stance", frozen)]
struct PyClassifier {
    inner: stance::Classifier,
}

#[pymethods]
impl PyClassifier {
    /// The model embedded in the package (the one ``stance classify`` uses
    /// without ``--model``).
    #[new]
    fn new() -> PyResult<Self> {
        Ok(PyClassifier {
            inner: stance::default_model().map_err(to_py)?,
        })
    }

    /// Read a model file (``stance train`` output); raises StanceError with
    /// the command line's message when it is missing or not a model.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py
            .detach(|| stance::Classifier::load(&path))
            .map_err(to_py)?;
        Ok(PyClassifier { inner })
    }

    /// The model's labels, in the column order of
    /// :meth:`predict_sentences`'s probabilities.
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.inner.labels().to_vec()
    }

    /// What the model file records about its training (data file and hash,
    /// rows per label, alpha, tuning, settings...), as a dict.
    #[getter]
    fn training<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_python(py, self.inner.training())
    }

    /// Write the model file atomically (the bytes ``stance train`` writes).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| self.inner.save(&path)).map_err(to_py)
    }

    /// Classify one article: a dict ``{"sentences": [...], "summary": {...}}``
    /// equal to one article of ``stance classify --format json`` (plus
    /// ``"source"`` first when ``source`` is given). Sentence ``start`` and
    /// ``end`` are byte offsets into the UTF-8 text (into the extracted text
    /// for ``input_format="html"`` or ``"markdown"``).
    #[pyo3(signature = (text, *, source=None, min_confidence=None, input_format="text"))]
    fn classify<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        source: Option<&str>,
        min_confidence: Option<f64>,
        input_format: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let format = text_options(min_confidence, input_format)?;
        let article = py.detach(|| {
            let text = format.extract(text);
            stance::classify_article(&self.inner, "", &text, min_confidence)
        });
        ArticleDicts::new(py, self.inner.labels()).article(&article, source)
    }

    /// Classify many articles in parallel (every core, or ``threads``
    /// worker threads) with the GIL released; a list of dicts in input
    /// order, each what :meth:`classify` returns for that text.
    #[pyo3(signature = (texts, *, min_confidence=None, input_format="text", threads=None))]
    fn classify_many<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        min_confidence: Option<f64>,
        input_format: &str,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let format = text_options(min_confidence, input_format)?;
        let workers = Workers::new(threads)?;
        let classifier = &self.inner;
        let dicts = ArticleDicts::new(py, classifier.labels());
        let out = PyList::empty(py);
        let _paused = GcPause::new(py)?;
        // Articles are classified a batch at a time on the worker threads
        // while this thread, holding the GIL, turns the batch before into
        // dicts: the conversion overlaps the classification instead of
        // following it.
        let (batches, ready) = std::sync::mpsc::sync_channel(2);
        std::thread::scope(|scope| -> PyResult<()> {
            scope.spawn(move || {
                workers.run(|| {
                    for batch in texts.chunks(BATCH_ARTICLES) {
                        let articles: Vec<Article> = batch
                            .par_iter()
                            .map(|t| classify_one(classifier, format, t, min_confidence))
                            .collect();
                        if batches.send(articles).is_err() {
                            break; // the conversion failed and stopped listening
                        }
                    }
                })
            });
            let mut ready = ready;
            loop {
                // The receiver crosses into the GIL-free closure and back.
                let (receiver, batch) = py.detach(move || {
                    let batch = ready.recv();
                    (ready, batch)
                });
                ready = receiver;
                let Ok(articles) = batch else {
                    return Ok(()); // every batch is in
                };
                for a in &articles {
                    out.append(dicts.article(a, None)?)?;
                }
            }
        })?;
        Ok(out)
    }

    /// Classify many articles as :meth:`classify_many` does, into one
    /// ``pyarrow.RecordBatch`` built from flat columns, without a Python
    /// object per sentence (needs pyarrow). ``per="article"``: a row per
    /// text, with ``stance``, ``n_<label>`` per label, ``summary`` (a
    /// struct of the summary's fields, its label -> value fields as maps)
    /// and ``sentences`` (a list of structs, ``probabilities`` a map).
    /// ``per="sentence"``: a row per sentence, with ``article`` (the text's
    /// position in ``texts``), ``index``, ``start``, ``end``, ``text``,
    /// ``label``, ``confidence`` and ``p_<label>`` per label.
    #[pyo3(signature = (texts, *, per="article", min_confidence=None, input_format="text", threads=None))]
    fn classify_arrow<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        per: &str,
        min_confidence: Option<f64>,
        input_format: &str,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if per != "article" && per != "sentence" {
            return Err(stance_error(format!(
                "invalid value '{per}' for per: expected article or sentence"
            )));
        }
        let format = text_options(min_confidence, input_format)?;
        let workers = Workers::new(threads)?;
        // Imported before the work, so a missing pyarrow fails at once.
        let arrow = py.import("stance._arrow")?;
        let classifier = &self.inner;
        let columns = py
            .detach(|| {
                workers.run(|| {
                    // A chunk at a time, so that only one chunk's
                    // `Article`s are held beside the columns.
                    let mut columns = ArticleColumns::new(classifier.labels());
                    for chunk in texts.chunks(BATCH_ARTICLES) {
                        let articles: Vec<Article> = chunk
                            .par_iter()
                            .map(|t| classify_one(classifier, format, t, min_confidence))
                            .collect();
                        columns.append(&articles)?;
                    }
                    Ok::<_, String>(columns)
                })
            })
            .map_err(stance_error)?;
        arrow.call_method1(
            "record_batch",
            (columns.into_dict(py)?, classifier.labels(), per),
        )
    }

    /// Label sentences as they are (no sentence splitting): a tuple
    /// ``(labels, probabilities)`` of numpy arrays, ``labels`` of shape
    /// ``(n,)`` (dtype object, each a str) and ``probabilities`` of shape
    /// ``(n, len(clf.labels))`` (float64, columns in ``clf.labels`` order,
    /// rows summing to 1).
    #[pyo3(signature = (sentences, *, threads=None))]
    #[allow(clippy::type_complexity)]
    fn predict_sentences<'py>(
        &self,
        py: Python<'py>,
        sentences: Vec<String>,
        threads: Option<usize>,
    ) -> PyResult<(Bound<'py, PyArray1<Py<PyAny>>>, Bound<'py, PyArray2<f64>>)> {
        let k = self.inner.labels().len();
        let workers = Workers::new(threads)?;
        let predictions = py.detach(|| {
            workers.run(|| {
                sentences
                    .par_iter()
                    .map(|s| self.inner.predict(s))
                    .collect::<Vec<_>>()
            })
        });
        let names: Vec<Py<PyAny>> = self
            .inner
            .labels()
            .iter()
            .map(|l| PyString::new(py, l).into_any().unbind())
            .collect();
        let labels: Vec<Py<PyAny>> = predictions
            .iter()
            .map(|p| names[p.label].clone_ref(py))
            .collect();
        let flat: Vec<f64> = predictions
            .into_iter()
            .flat_map(|p| p.probabilities)
            .collect();
        let probabilities = Array2::from_shape_vec((flat.len() / k.max(1), k), flat)
            .map_err(|e| stance_error(e.to_string()))?;
        Ok((
            PyArray1::from_vec(py, labels),
            probabilities.into_pyarray(py),
        ))
    }

    /// Pickling (e.g. to ship a model to Spark workers): the model file's bytes.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let rebuild = py
            .import("stance._stance")?
            .getattr("_classifier_from_bytes")?;
        let bytes = PyBytes::new(py, &self.inner.to_json());
        PyTuple::new(py, [rebuild, PyTuple::new(py, [bytes])?.into_any()])
    }

    fn __repr__(&self) -> String {
        format!(
            "stance.Classifier(labels={:?}, data_file={:?})",
            self.inner.labels(),
            self.inner.training().data_file
        )
    }
}

/// One text classified on the calling thread (the callers spread texts
/// over the threads).
fn classify_one(
    classifier: &stance::Classifier,
    format: InputFormat,
    text: &str,
    min_confidence: Option<f64>,
) -> Article {
    let text = format.extract(text);
    stance::classify_article_on_this_thread(classifier, "", &text, min_confidence)
}

/// Rebuild a pickled Classifier from its model file's bytes.
#[pyfunction]
fn _classifier_from_bytes(bytes: &[u8]) -> PyResult<PyClassifier> {
    let inner =
        stance::Classifier::from_json(Path::new("<pickled model>"), bytes).map_err(to_py)?;
    Ok(PyClassifier { inner })
}

/// The training settings parsed exactly as `stance train` parses its flags,
/// so every setting, default and error message is the command line's.
#[derive(Debug, Parser)]
#[command(
    name = "stance train",
    no_binary_name = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
struct SettingsFlags {
    #[command(flatten)]
    settings: Settings,
}

/// Python keyword arguments -> `stance train` flags: `alpha=0.3` ->
/// `--alpha=0.3`, `tune=True` -> `--tune`, `stem=False` -> `--no-stem`,
/// lists joined by commas, None left out. A True or False that only
/// restates a switch's default (`stem=True`, `tune=False`: switches with one
/// flag) adds nothing.
fn settings_flags(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<String>> {
    let Some(kwargs) = kwargs else {
        return Ok(Vec::new());
    };
    let command = SettingsFlags::command();
    let has = |flag: &str| command.get_arguments().any(|a| a.get_long() == Some(flag));
    let mut flags = Vec::new();
    for (key, value) in kwargs.iter() {
        let name = key.extract::<String>()?.replace('_', "-");
        if value.is_none() {
            continue;
        }
        if value.is_instance_of::<PyBool>() {
            let on = value.extract::<bool>()?;
            let off = format!("no-{name}");
            match (on, has(&name), has(&off)) {
                (true, false, true) | (false, true, false) => {}
                (true, _, _) => flags.push(format!("--{name}")),
                (false, _, _) => flags.push(format!("--{off}")),
            }
            continue;
        }
        let text = if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
            value
                .try_iter()?
                .map(|v| v.and_then(|v| Ok(v.str()?.to_string())))
                .collect::<PyResult<Vec<_>>>()?
                .join(",")
        } else {
            value.str()?.to_string()
        };
        flags.push(format!("--{name}={text}"));
    }
    Ok(flags)
}

fn parse_settings(flags: &[String]) -> PyResult<Settings> {
    SettingsFlags::try_parse_from(flags)
        .map(|f| f.settings)
        .map_err(|e| {
            let rendered = e.to_string();
            let first = rendered.lines().next().unwrap_or_default();
            stance_error(first.strip_prefix("error: ").unwrap_or(first).trim_end())
        })
}

/// Train a model on a labelled CSV, as ``stance train --data DATA`` does,
/// and return it; with ``out`` the model file is also written (atomically;
/// the same bytes the command line writes with the same options).
///
/// Every training flag of ``stance train --help`` is a keyword argument:
/// ``alpha=0.3`` is ``--alpha 0.3``, ``tune=True`` is ``--tune``,
/// ``stem=False`` is ``--no-stem``, ``ngrams="1..2"``,
/// ``alphas=[0.3, 1, 3]``, ``preset="..."``. Bad values raise StanceError
/// with the command line's message.
#[pyfunction]
#[pyo3(signature = (data, out=None, *, text_col="text", label_col="label", weight_col=None, **settings))]
fn train(
    py: Python<'_>,
    data: PathBuf,
    out: Option<PathBuf>,
    text_col: &str,
    label_col: &str,
    weight_col: Option<String>,
    settings: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyClassifier> {
    let settings = parse_settings(&settings_flags(settings)?)?;
    let columns = Columns {
        text: text_col.to_string(),
        label: label_col.to_string(),
        extra: Vec::new(),
        weight: weight_col,
    };
    let inner = py
        .detach(|| -> stance::Result<stance::Classifier> {
            // The order of `stance train`'s checks, so the same bad input
            // gives the same first error.
            let labeled = read_labeled_csv(&data, &columns)?;
            let params = settings.train_params()?;
            if let Some(out) = &out {
                stance::cli_support::check_output_dir(out)?;
            }
            stance::cli_support::encode_labels(&labeled)?;
            let model = stance::train(
                &labeled,
                &params,
                &columns.text,
                &columns.label,
                &stance::progress::Silent,
            )?;
            if let Some(out) = &out {
                model.save(out)?;
            }
            Ok(model)
        })
        .map_err(to_py)?;
    Ok(PyClassifier { inner })
}

/// Score a classifier on a labelled CSV: the dict ``stance evaluate
/// --model M --data DATA --format json`` prints (``by``, ``favg_labels`` and
/// ``errors`` are ``--by``, ``--favg-labels`` and ``--errors``).
#[pyfunction]
#[pyo3(signature = (classifier, data, *, text_col="text", label_col="label", by=None, favg_labels=None, errors=None))]
#[allow(clippy::too_many_arguments)]
fn evaluate<'py>(
    py: Python<'py>,
    classifier: &PyClassifier,
    data: PathBuf,
    text_col: &str,
    label_col: &str,
    by: Option<String>,
    favg_labels: Option<Vec<String>>,
    errors: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let columns = Columns {
        text: text_col.to_string(),
        label: label_col.to_string(),
        extra: by.iter().cloned().collect(),
        weight: None,
    };
    let options = ReportOptions {
        favg_labels,
        by,
        errors,
    };
    let report = py
        .detach(|| -> stance::Result<MetricsReport> {
            let (scored, test) = score_file(&classifier.inner, &data, &columns)?;
            MetricsReport::of_scored(&scored, &test, &options)
        })
        .map_err(to_py)?;
    json_to_python(py, &report)
}

#[pymodule]
fn _stance(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("StanceError", m.py().get_type::<StanceError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PyClassifier>()?;
    m.add_function(wrap_pyfunction!(train, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(_classifier_from_bytes, m)?)?;
    Ok(())
}
