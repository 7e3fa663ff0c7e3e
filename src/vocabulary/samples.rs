//! Sample facts for unit tests across the layers: a treaty registered under the Ottawa
//! Convention's rules, cited.

use super::citation::Citation;
use super::event::{Event, Fact};
use super::rules::Preset;
use super::treaty::{Treaty, TreatyId};

/// The registration of treaty `id` with the Ottawa preset's title, dates and rules, cited to
/// one web page.
pub fn registration(id: &str) -> Fact {
    let p = Preset::find("ottawa").expect("the ottawa preset exists");
    Fact {
        event: Event::TreatyRegistration(Treaty {
            id: TreatyId::parse(id).expect("a valid treaty id"),
            title: p.title.into(),
            adopted: Some(p.adopted()),
            depositary: Some(p.depositary.into()),
            rules: p.rules(),
        }),
        citations: vec![Citation {
            url: Some("https://treaties.un.org/x".into()),
            ..Citation::titled("UNTC")
        }],
        note: None,
    }
}
