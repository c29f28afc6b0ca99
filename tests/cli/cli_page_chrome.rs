//! Page chrome through the real binary: dialogs and modals, cookie and
//! consent banners, advertisement labels and slots, share and save rows are
//! left out of saved pages (tests/fixtures/html/chrome), and the article's
//! own sentences, including ones that mention sharing or advertising, stay.

use crate::common::*;

#[test]
fn dialogs_modals_and_consent_banners_are_dropped() {
    assert_eq!(
        classified_sentences("tests/fixtures/html/chrome/cookie_dialog.html"),
        [
            "A Startup Publishes Its Model Weights",
            "A small startup published the full weights of its language model on Monday.",
            "Its founder said outside researchers should be able to test every claim.",
        ]
    );
}

#[test]
fn advertisement_labels_and_slots_are_dropped() {
    assert_eq!(
        classified_sentences("tests/fixtures/html/chrome/ads.html"),
        [
            "Labs Split Over Access Rules",
            "Two research labs disagreed this week about who should get access to frontier models.",
            "One lab wants a licence for every user of its largest system.",
            "The other lab plans to publish its weights next spring.",
            "Advertisement revenue, the second lab noted, pays for none of its research.",
        ]
    );
}

#[test]
fn share_and_save_rows_are_dropped() {
    assert_eq!(
        classified_sentences("tests/fixtures/html/chrome/share.html"),
        [
            "Auditors Ask for Open Weights",
            "Independent auditors asked regulators to require published weights for public-sector models.",
            "They said a model that cannot be inspected cannot be trusted with public services.",
            "Readers who want to share this article with a colleague can use the link above.",
        ]
    );
}
