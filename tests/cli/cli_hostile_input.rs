//! Hostile input shapes through the real binary: each is read to its text
//! or refused with a one-line error, never hangs or crashes. (How long they
//! take is measured by benches/input_shapes.sh, not asserted here.)

use crate::common::*;

#[test]
fn a_page_of_200000_nested_divs_gives_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("nested.html");
    let n = 200_000;
    let html = "<div>".repeat(n)
        + "<p>Deep text.</p><div hidden>Hidden deep.</div><p>Second deep.</p>"
        + &"</div>".repeat(n)
        + "<p>After the nest.</p>";
    std::fs::write(&page, html).unwrap();
    assert_eq!(
        classified_sentences(&page),
        ["Deep text.", "Second deep.", "After the nest."]
    );
}

#[test]
fn deep_inline_nesting_and_a_tag_with_100000_attributes_give_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let inline = dir.path().join("inline.html");
    let n = 100_000;
    let html = "<p>".to_string()
        + &"<b><i><span>".repeat(n)
        + "Deep inline."
        + &"</span></i></b>".repeat(n)
        + "</p><p>After.</p>";
    std::fs::write(&inline, html).unwrap();
    assert_eq!(classified_sentences(&inline), ["Deep inline.", "After."]);

    let attributes = dir.path().join("attributes.html");
    let many: String = (0..100_000).map(|i| format!(" a{i}")).collect();
    std::fs::write(&attributes, format!("<p{many}>Many attributes.</p>")).unwrap();
    assert_eq!(classified_sentences(&attributes), ["Many attributes."]);
}

#[test]
fn a_model_nested_deep_is_refused_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("nested.json");
    let n = 100_000;
    let json = format!(
        "{{\"format\": \"stance-model\", \"version\": 1, \"labels\": {}0{}}}",
        "[".repeat(n),
        "]".repeat(n)
    );
    std::fs::write(&model, json).unwrap();
    let text = dir.path().join("one.txt");
    std::fs::write(&text, "Open weights help.").unwrap();
    let o = stance()
        .args(["classify", "--model", &arg(&model), &arg(&text)])
        .output()
        .unwrap();
    let err = assert_input_error(&o, "damaged model file");
    assert!(err.contains("nested.json"), "{err}");
}
