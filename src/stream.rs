//! Streaming classification of one input of any size in bounded memory.
//!
//! [`ChunkReader`] reads the input in blocks and hands it out in chunks of
//! about [`CHUNK_BYTES`], each cut where the sentence splitter can never
//! join the text on both sides ([`last_safe_cut`]): after a blank line (a
//! blank line always ends a sentence) or between two lines the splitter
//! keeps apart, so splitting chunk by chunk gives exactly the sentences of
//! the whole text. Only a paragraph longer than [`MAX_CHUNK_BYTES`] with no
//! such place is cut by force (at a sentence start the splitter finds near
//! the end, else after the last line break or white space, else at a
//! character boundary); the unit tests count those cuts.
//!
//! Each chunk keeps the byte offset of its start in the input, so sentence
//! spans stay offsets into the input's bytes: a leading byte order mark is
//! skipped, not removed, and the first sentence of a file with one starts at
//! 3 or later. Every block read is checked before anything of it is used:
//! NUL bytes and invalid UTF-8 (a character may straddle two blocks) give the
//! same errors as [`crate::input::decode_text`], naming the file (and the
//! line, for invalid UTF-8); what came before was already handed out.
//!
//! [`classify_stream`] classifies batches of chunks in parallel (rayon, at
//! most [`StreamOptions::chunks_per_thread`] chunks per thread in flight)
//! on a reader thread while the caller's [`SentenceSink`] receives the
//! previous batch's sentences in order, numbered across chunks; it returns
//! the article summary, computed from running counts and weights by the same rule as
//! [`crate::article::summarise`].

use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use crate::article::{labeled, passes, ArticleSummary, LabeledSentence, Tally};
use crate::error::{Error, Result};
use crate::input::{count_lines, nul_error, utf8_error, BOM};
use crate::model::predict::Prediction;
use crate::model::Classifier;
use crate::text::sentences::{last_safe_cut, split_sentences, Sentence};

/// Size a chunk is cut at (at the last safe place before it).
pub(crate) const CHUNK_BYTES: usize = 512 << 10;
/// Size beyond which a chunk with no safe place is cut by force.
pub(crate) const MAX_CHUNK_BYTES: usize = 1 << 20;
/// Chunks in flight per rayon thread.
pub(crate) const CHUNKS_PER_THREAD: usize = 2;
/// Largest single read.
const READ_BLOCK: usize = 256 << 10;
/// How far back from the end a forced cut looks for a sentence start.
const FORCED_CUT_WINDOW: usize = 64 << 10;

/// Chunk sizes and parallelism of a streaming classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamOptions {
    /// Cut a chunk at the last safe place once this many bytes are buffered.
    pub chunk_bytes: usize,
    /// Cut by force when this many bytes hold no safe place (at least 8).
    pub max_chunk_bytes: usize,
    /// Chunks classified at once per rayon thread.
    pub chunks_per_thread: usize,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            chunk_bytes: CHUNK_BYTES,
            max_chunk_bytes: MAX_CHUNK_BYTES,
            chunks_per_thread: CHUNKS_PER_THREAD,
        }
    }
}

/// A piece of an input, cut at a safe place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chunk {
    /// Byte offset of `text` in the input.
    pub offset: usize,
    /// The text.
    pub text: String,
}

/// Reads an input as text chunks (see the module docs).
pub(crate) struct ChunkReader<R> {
    reader: R,
    path: PathBuf,
    chunk_bytes: usize,
    max_chunk_bytes: usize,
    /// Bytes read and not yet handed out.
    buf: Vec<u8>,
    /// Offset in the input of `buf[0]`.
    offset: usize,
    /// `buf[..checked]` is UTF-8 without NUL bytes, ending on a char boundary.
    checked: usize,
    /// Line breaks before `buf`, for the line of an error.
    lines_before: u64,
    bom_checked: bool,
    eof: bool,
    done: bool,
    #[cfg(test)]
    forced_cuts: usize,
}

impl<R: Read> ChunkReader<R> {
    /// Read `reader`; errors name `path`.
    pub(crate) fn new(reader: R, path: impl Into<PathBuf>, options: &StreamOptions) -> Self {
        let max_chunk_bytes = options.max_chunk_bytes.max(8);
        ChunkReader {
            reader,
            path: path.into(),
            chunk_bytes: options.chunk_bytes.clamp(1, max_chunk_bytes),
            max_chunk_bytes,
            buf: Vec::new(),
            offset: 0,
            checked: 0,
            lines_before: 0,
            bom_checked: false,
            eof: false,
            done: false,
            #[cfg(test)]
            forced_cuts: 0,
        }
    }

    /// Chunks cut by force so far (a paragraph longer than the hard limit):
    /// only those can split differently from the whole text.
    #[cfg(test)]
    pub(crate) fn forced_cuts(&self) -> usize {
        self.forced_cuts
    }

    /// The next chunk; `None` after the last. An empty input gives one empty chunk.
    pub(crate) fn next_chunk(&mut self) -> Result<Option<Chunk>> {
        if self.done {
            return Ok(None);
        }
        let result = self.cut_next();
        if result.is_err() {
            self.done = true;
        }
        result.map(Some)
    }

    fn cut_next(&mut self) -> Result<Chunk> {
        let mut want = self.chunk_bytes;
        loop {
            self.fill(want)?;
            let cut = if self.eof {
                // At the end everything read has been checked.
                self.done = true;
                self.buf.len()
            } else if let Some(p) = last_safe_cut(self.checked_text()) {
                p
            } else if self.buf.len() < self.max_chunk_bytes {
                want = (self.buf.len() + self.chunk_bytes).min(self.max_chunk_bytes);
                continue;
            } else {
                #[cfg(test)]
                {
                    self.forced_cuts += 1;
                }
                forced_cut(self.checked_text())
            };
            return Ok(self.take(cut));
        }
    }

    /// The checked text buffered.
    fn checked_text(&self) -> &str {
        // Checked in `check`: never fails.
        std::str::from_utf8(&self.buf[..self.checked]).unwrap_or_default()
    }

    /// Hand out `buf[..cut]` as a chunk.
    fn take(&mut self, cut: usize) -> Chunk {
        let text = self.checked_text()[..cut].to_string();
        self.lines_before += count_lines(text.as_bytes());
        self.buf.drain(..cut);
        self.checked -= cut;
        let chunk = Chunk {
            offset: self.offset,
            text,
        };
        self.offset += cut;
        chunk
    }

    /// Read until `want` bytes are buffered or the input ends, then check
    /// what was read.
    fn fill(&mut self, want: usize) -> Result<()> {
        // The byte order mark is recognised before anything is handed out.
        let want = if self.bom_checked { want } else { want.max(3) };
        while self.buf.len() < want && !self.eof {
            let old = self.buf.len();
            self.buf.resize(old + (want - old).min(READ_BLOCK), 0);
            match self.reader.read(&mut self.buf[old..]) {
                Ok(0) => {
                    self.buf.truncate(old);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(old + n),
                Err(e) if e.kind() == ErrorKind::Interrupted => self.buf.truncate(old),
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(Error::io(&self.path, e));
                }
            }
            if !self.bom_checked && (self.buf.len() >= 3 || self.eof) {
                self.bom_checked = true;
                let mut bom = [0u8; 3];
                if self.buf.starts_with(BOM.encode_utf8(&mut bom).as_bytes()) {
                    self.buf.drain(..3);
                    self.offset += 3;
                }
            }
        }
        self.check()
    }

    /// Check the bytes read since the last check.
    fn check(&mut self) -> Result<()> {
        let new = &self.buf[self.checked..];
        if new.contains(&0) {
            return Err(nul_error(&self.path));
        }
        match std::str::from_utf8(new) {
            Ok(_) => self.checked = self.buf.len(),
            // A character cut by the end of the read: the next read completes it.
            Err(e) if e.error_len().is_none() && !self.eof => self.checked += e.valid_up_to(),
            Err(e) => {
                let bad = self.checked + e.valid_up_to();
                let line = 1 + self.lines_before + count_lines(&self.buf[..bad]);
                return Err(utf8_error(&self.path, line));
            }
        }
        Ok(())
    }
}

impl<R: Read> Iterator for ChunkReader<R> {
    type Item = Result<Chunk>;

    fn next(&mut self) -> Option<Result<Chunk>> {
        self.next_chunk().transpose()
    }
}

/// Where to cut `text` (not empty) when it holds no safe place: at the
/// start of a sentence near its end (at least the third the splitter finds
/// in the last [`FORCED_CUT_WINDOW`] bytes, so that a word cut by the
/// window cannot have made it), else after the last line break, else after
/// the last white space, else at its end (a character boundary).
fn forced_cut(text: &str) -> usize {
    let mut from = text.len().saturating_sub(FORCED_CUT_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let sentences = split_sentences(&text[from..]);
    if sentences.len() >= 3 {
        if let Some(last) = sentences.last() {
            return from + last.start;
        }
    }
    if let Some(i) = text.rfind('\n') {
        return i + 1;
    }
    if let Some((i, c)) = text.char_indices().rev().find(|(_, c)| c.is_whitespace()) {
        return i + c.len_utf8();
    }
    text.len()
}

/// Receives the sentences of a streaming classification, in input order.
pub trait SentenceSink {
    /// The sink's error; the stream's own errors convert into it.
    type Error: From<Error>;

    /// Called once, before any sentence, as soon as the start of the input
    /// has been read and found to be text (so an input refused at once
    /// leaves no trace in the output). Also called for an empty input.
    fn start(&mut self) -> std::result::Result<(), Self::Error>;

    /// The next sentence kept (not below `--min-confidence`).
    fn sentence(&mut self, sentence: &LabeledSentence) -> std::result::Result<(), Self::Error>;
}

/// A classified chunk: its offset and its sentences with their predictions.
struct Scored {
    offset: usize,
    sentences: Vec<(Sentence, Prediction)>,
}

fn score_chunk(classifier: &Classifier, chunk: Chunk) -> Scored {
    let sentences = split_sentences(&chunk.text)
        .into_par_iter()
        .map(|s| {
            let p = classifier.predict(&s.text);
            (s, p)
        })
        .collect();
    Scored {
        offset: chunk.offset,
        sentences,
    }
}

/// Classify the text read from `reader` sentence by sentence in bounded
/// memory, giving each kept sentence to `sink` in order (see the module
/// docs); returns the article summary. Errors name `path`. A sink error
/// stops the reading and is returned as is.
pub fn classify_stream<R, S>(
    classifier: &Classifier,
    path: &Path,
    reader: R,
    min_confidence: Option<f64>,
    options: &StreamOptions,
    sink: &mut S,
) -> std::result::Result<ArticleSummary, S::Error>
where
    R: Read + Send,
    S: SentenceSink,
{
    let labels = classifier.labels();
    let in_flight = options.chunks_per_thread.max(1) * rayon::current_num_threads().max(1);
    std::thread::scope(|scope| {
        // A rendezvous channel: at most one classified batch waits while
        // the sink writes the one before.
        let (tx, rx) = sync_channel::<Vec<Scored>>(0);
        let producer = scope.spawn(move || -> Result<()> {
            let mut chunks = ChunkReader::new(reader, path, options);
            let mut sent = false;
            loop {
                let mut batch = Vec::with_capacity(in_flight);
                let mut failure = None;
                while batch.len() < in_flight {
                    match chunks.next_chunk() {
                        Ok(Some(chunk)) => batch.push(chunk),
                        Ok(None) => break,
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
                let last = batch.len() < in_flight;
                if !batch.is_empty() || (!sent && failure.is_none()) {
                    let scored: Vec<Scored> = batch
                        .into_par_iter()
                        .map(|c| score_chunk(classifier, c))
                        .collect();
                    if tx.send(scored).is_err() {
                        return Ok(()); // the sink failed: its error is the one reported
                    }
                    sent = true;
                }
                if let Some(e) = failure {
                    return Err(e);
                }
                if last {
                    return Ok(());
                }
            }
        });

        let mut tally = Tally::new(labels);
        let mut index = 0usize;
        let mut written = Ok(());
        let mut started = false;
        'batches: for batch in rx {
            if !started {
                started = true;
                if let Err(e) = sink.start() {
                    written = Err(e);
                    break;
                }
            }
            for scored in batch {
                for (s, p) in scored.sentences {
                    let sentence = labeled(labels, index, scored.offset, s, p);
                    index += 1;
                    if !passes(&sentence, min_confidence) {
                        tally.below += 1;
                        continue;
                    }
                    tally.add(&sentence);
                    if let Err(e) = sink.sentence(&sentence) {
                        written = Err(e);
                        break 'batches;
                    }
                }
            }
        }
        // The receiver is gone: a producer still sending stops.
        let read = producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written?;
        read?;
        Ok(tally.summary())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::classify_article;
    use crate::model::file::default_model;
    use proptest::prelude::*;

    /// A reader that returns at most `step` bytes per read.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn options(chunk_bytes: usize, max_chunk_bytes: usize) -> StreamOptions {
        StreamOptions {
            chunk_bytes,
            max_chunk_bytes,
            chunks_per_thread: 1,
        }
    }

    /// Chunks of `bytes` read `step` bytes at a time, and the forced cuts.
    fn chunks(bytes: &[u8], step: usize, opts: &StreamOptions) -> Result<(Vec<Chunk>, usize)> {
        let mut reader = ChunkReader::new(Trickle { bytes, step }, "t.txt", opts);
        let mut out = Vec::new();
        while let Some(c) = reader.next_chunk()? {
            out.push(c);
        }
        Ok((out, reader.forced_cuts()))
    }

    /// The sentences of `bytes` split chunk by chunk, offsets into `bytes`.
    fn streamed(bytes: &[u8], step: usize, opts: &StreamOptions) -> (Vec<Sentence>, usize) {
        let (chunks, forced) = chunks(bytes, step, opts).unwrap();
        let mut next = chunks.first().map_or(0, |c| c.offset);
        let mut out = Vec::new();
        for c in chunks {
            assert_eq!(c.offset, next, "chunks are contiguous");
            next += c.text.len();
            out.extend(split_sentences(&c.text).into_iter().map(|s| Sentence {
                start: s.start + c.offset,
                end: s.end + c.offset,
                text: s.text,
            }));
        }
        assert_eq!(next, bytes.len(), "chunks cover the input");
        (out, forced)
    }

    fn bundled(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/articles")
            .join(name);
        std::fs::read_to_string(path).unwrap()
    }

    fn all_articles() -> String {
        [
            "blog_post.md",
            "forum_thread.txt",
            "news_report.txt",
            "oped_closed.txt",
            "oped_open.txt",
            "policy_brief.md",
            "press_release.txt",
            "scraped_page.txt",
        ]
        .iter()
        .map(|n| bundled(n))
        .collect::<Vec<_>>()
        .join("\n\n")
    }

    #[test]
    fn chunk_boundaries_never_change_the_sentences() {
        let text = all_articles();
        let crlf = text.replace('\n', "\r\n");
        // No blank line at all: lines that end sentences still cut safely.
        let no_blank: String = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!no_blank.contains("\n\n"));
        for source in [&text, &crlf, &no_blank] {
            let whole = split_sentences(source);
            assert!(whole.len() > 300);
            for (chunk, max, step) in [(1, 4096, 1), (64, 4096, 7), (1000, 8192, 333)] {
                let (got, forced) = streamed(source.as_bytes(), step, &options(chunk, max));
                assert_eq!(forced, 0);
                assert_eq!(got, whole, "chunk {chunk}, read {step}");
                for s in &got {
                    assert_eq!(
                        source[s.start..s.end]
                            .split_whitespace()
                            .collect::<Vec<_>>(),
                        s.text.split(' ').collect::<Vec<_>>()
                    );
                }
            }
        }
    }

    #[test]
    fn chunks_are_cut_after_blank_lines_and_stay_near_the_target_size() {
        let text = all_articles().repeat(4);
        let (chunks, forced) = chunks(text.as_bytes(), 4096, &options(8192, 65536)).unwrap();
        assert_eq!(forced, 0);
        assert!(chunks.len() > 10);
        for c in &chunks[..chunks.len() - 1] {
            assert!(c.text.ends_with('\n'));
            assert!(c.text.len() <= 8192 + 4096, "{}", c.text.len());
        }
    }

    #[test]
    fn a_paragraph_longer_than_the_limit_is_cut_at_a_sentence_start() {
        let sentence = "Open weights let anyone audit the model, and that is good for science. ";
        let text = sentence.repeat(2000);
        let whole = split_sentences(&text);
        let (got, forced) = streamed(text.as_bytes(), 1000, &options(4096, 16384));
        assert!(forced > 0);
        assert_eq!(got, whole);
        // Without punctuation it is cut after white space, never inside a char.
        let words = "wörd ".repeat(10000);
        let (got, _) = streamed(words.as_bytes(), 999, &options(4096, 16384));
        assert!(got.len() > 1);
        for s in &got {
            assert!(s.text.split(' ').all(|w| w == "wörd"));
        }
        let one = "é".repeat(20000);
        let (chunks, _) = chunks(one.as_bytes(), 777, &options(100, 1001)).unwrap();
        assert_eq!(chunks.concat_text(), one);
    }

    trait Concat {
        fn concat_text(&self) -> String;
    }

    impl Concat for Vec<Chunk> {
        fn concat_text(&self) -> String {
            self.iter().map(|c| c.text.as_str()).collect()
        }
    }

    #[test]
    fn a_bom_is_skipped_and_offsets_stay_in_the_file() {
        let file = "\u{feff}Title Line\n\nFirst one. Second one.\n";
        for step in [1, 2, 3, 100] {
            let (got, _) = streamed(file.as_bytes(), step, &options(1, 64));
            let spans: Vec<&str> = got.iter().map(|s| &file[s.start..s.end]).collect();
            assert_eq!(spans, ["Title Line", "First one.", "Second one."]);
            assert_eq!(got[0].start, 3);
        }
        // A BOM later on is text.
        let (chunks, _) = chunks("a\n\n\u{feff}b".as_bytes(), 1, &options(1, 64)).unwrap();
        assert_eq!(chunks.concat_text(), "a\n\n\u{feff}b");
        assert_eq!(chunks[0].offset, 0);
    }

    #[test]
    fn empty_input_gives_one_empty_chunk() {
        let (c, _) = chunks(b"", 10, &StreamOptions::default()).unwrap();
        assert_eq!(
            c,
            [Chunk {
                offset: 0,
                text: String::new()
            }]
        );
        let (c, _) = chunks("\u{feff}".as_bytes(), 10, &StreamOptions::default()).unwrap();
        assert_eq!(c[0].offset, 3);
        assert!(c[0].text.is_empty());
    }

    #[test]
    fn characters_split_across_reads_are_joined() {
        let text = "Ça va. «Très» bien… 日本語のテキスト。🙂 Fin.\n\n".repeat(50);
        for step in 1..=5 {
            let (chunks, _) = chunks(text.as_bytes(), step, &options(16, 64)).unwrap();
            assert_eq!(chunks.concat_text(), text);
        }
    }

    #[test]
    fn invalid_utf8_and_nul_bytes_are_refused_with_the_line() {
        let mut bytes = "First line.\n\n".repeat(1000).into_bytes();
        bytes.extend_from_slice(b"Caf\xe9 au lait.\n");
        let want = "t.txt:2001: not a text file (not valid UTF-8)";
        for step in [1, 5, 4096] {
            let e = chunks(&bytes, step, &options(64, 256)).unwrap_err();
            assert_eq!(e.to_string(), want, "read {step}");
        }
        // A character cut short by the end of the input.
        let e = chunks(
            "ok\n\u{e9}".as_bytes().split_last().unwrap().1,
            1,
            &options(1, 64),
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "t.txt:2: not a text file (not valid UTF-8)"
        );
        let mut nul = "Fine.\n\n".repeat(100).into_bytes();
        nul.push(0);
        let e = chunks(&nul, 3, &options(16, 64)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.txt: not a text file (it contains NUL bytes)"
        );
    }

    /// Collects what a stream gives, failing on demand.
    #[derive(Default)]
    struct Collect {
        started: usize,
        sentences: Vec<LabeledSentence>,
        fail_after: Option<usize>,
    }

    impl SentenceSink for Collect {
        type Error = Error;
        fn start(&mut self) -> Result<()> {
            self.started += 1;
            Ok(())
        }
        fn sentence(&mut self, s: &LabeledSentence) -> Result<()> {
            if self.fail_after == Some(self.sentences.len()) {
                return Err(Error::Config("sink full".into()));
            }
            self.sentences.push(s.clone());
            Ok(())
        }
    }

    fn stream(
        text: &[u8],
        min: Option<f64>,
        opts: &StreamOptions,
    ) -> (Collect, Result<ArticleSummary>) {
        let model = default_model().unwrap();
        let mut sink = Collect::default();
        let r = classify_stream(
            &model,
            Path::new("t.txt"),
            Trickle {
                bytes: text,
                step: 500,
            },
            min,
            opts,
            &mut sink,
        );
        (sink, r)
    }

    #[test]
    fn streaming_classification_equals_the_whole_article() {
        let model = default_model().unwrap();
        let text = all_articles();
        for min in [None, Some(0.7)] {
            let want = classify_article(&model, "t.txt", &text, min);
            let (sink, summary) = stream(text.as_bytes(), min, &options(2000, 8192));
            let summary = summary.unwrap();
            assert_eq!(sink.started, 1);
            assert_eq!(sink.sentences.len(), want.sentences.len());
            for (a, b) in sink.sentences.iter().zip(&want.sentences) {
                assert_eq!(
                    (a.index, a.start, a.end, &a.text, &a.label),
                    (b.index, b.start, b.end, &b.text, &b.label)
                );
                assert!((a.confidence - b.confidence).abs() < 1e-12);
            }
            assert_eq!(summary.counts, want.summary.counts);
            assert_eq!(summary.shares, want.summary.shares);
            for (label, w) in &want.summary.weights {
                assert!((summary.weights[label] - w).abs() < 1e-9, "{label}");
            }
            assert_eq!(summary.stance, want.summary.stance);
            assert_eq!(
                summary.below_min_confidence,
                want.summary.below_min_confidence
            );
        }
    }

    #[test]
    fn stream_errors_and_sink_errors() {
        // Refused at once: the sink never starts.
        let (sink, r) = stream(b"\x89PNG\0\0", None, &StreamOptions::default());
        assert_eq!(sink.started, 0);
        assert!(r.unwrap_err().to_string().contains("NUL bytes"));
        // Refused later: what came before was given, then the error.
        let mut bytes = "Open weights let anyone audit the model.\n\n"
            .repeat(400)
            .into_bytes();
        bytes.extend_from_slice(b"\xff\n");
        let (sink, r) = stream(&bytes, None, &options(1000, 4096));
        assert_eq!(
            r.unwrap_err().to_string(),
            "t.txt:801: not a text file (not valid UTF-8)"
        );
        assert_eq!(sink.started, 1);
        assert!(!sink.sentences.is_empty());
        // A failing sink stops the stream with its own error.
        let mut sink = Collect {
            fail_after: Some(10),
            ..Collect::default()
        };
        let text = all_articles().repeat(20);
        let r = classify_stream(
            &default_model().unwrap(),
            Path::new("t.txt"),
            text.as_bytes(),
            None,
            &options(1000, 4096),
            &mut sink,
        );
        assert_eq!(r.unwrap_err().to_string(), "invalid setting: sink full");
        assert_eq!(sink.sentences.len(), 10);
        // An empty input starts and ends with no sentence.
        let (sink, r) = stream(b"", None, &StreamOptions::default());
        assert_eq!(sink.started, 1);
        assert!(sink.sentences.is_empty());
        assert_eq!(r.unwrap().stance, "neutral");
    }

    proptest! {
        #[test]
        fn unforced_chunks_split_like_the_whole(
            s in "([#|>*•\\-0-9. !?…\"“”'\n\r]|\n\n|[A-Za-z]{1,8}|[A-Z][a-z]{1,8}\\.){0,300}",
            chunk in 1usize..64,
            step in 1usize..17,
        ) {
            let (got, forced) = streamed(s.as_bytes(), step, &options(chunk, 1 << 20));
            prop_assert_eq!(forced, 0);
            prop_assert_eq!(got, split_sentences(&s));
        }

        #[test]
        fn forced_chunks_still_slice_the_source(
            s in "\\PC{0,400}",
            chunk in 1usize..32,
            max in 8usize..64,
            step in 1usize..9,
        ) {
            let (got, _) = streamed(s.as_bytes(), step, &options(chunk, max));
            for sent in got {
                prop_assert!(sent.start < sent.end && sent.end <= s.len());
                let span = &s[sent.start..sent.end];
                prop_assert_eq!(span.split_whitespace().collect::<Vec<_>>().join(" "), sent.text);
            }
        }
    }
}
