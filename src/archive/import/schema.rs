//! The JSON Lines import format as Rust types: what the reader deserialises each line into
//! (borrowing its texts from the line), and what `schema` turns into the published JSON Schema,
//! so that the two cannot part ways. Field names follow the CSV columns (a citation's `title` is
//! the column `cite_title`).

use crate::vocabulary::event::ACT_KINDS;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use std::borrow::Cow;

/// One fact: a dated act of a state under a treaty (or the treaty's own entry into force), with
/// one or more citations. Lines stating the same fact are one fact with all their citations.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "pacta import line")]
pub struct FactLine<'a> {
    /// The treaty's id, as registered (e.g. `ottawa`).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]{0,31}$"))]
    #[serde(borrow)]
    pub treaty: Cow<'a, str>,
    /// The state's ISO 3166 code, alpha-2 or alpha-3 (e.g. `FI` or `FIN`), or a current
    /// state's English name as ISO 3166 gives it (e.g. `Finland`, in any letter case); omitted
    /// only for a treaty's entry into force.
    #[serde(default, borrow)]
    #[schemars(length(min = 2))]
    pub state: Option<Cow<'a, str>>,
    /// The act.
    #[schemars(schema_with = "act_schema")]
    #[serde(borrow)]
    pub act: Cow<'a, str>,
    /// The day of the act: signature, deposit, notification, vote.
    #[schemars(schema_with = "date_schema")]
    #[serde(borrow)]
    pub date: Cow<'a, str>,
    /// A date the act takes effect that a source states.
    #[serde(default, borrow)]
    #[schemars(schema_with = "optional_date_schema")]
    pub effective_date: Option<Cow<'a, str>>,
    /// The sources: at least one.
    #[schemars(length(min = 1, max = 16))]
    #[serde(borrow)]
    pub citations: Vec<CitationLine<'a>>,
    /// A note in the recorder's own words.
    #[serde(default, borrow)]
    pub note: Option<Cow<'a, str>>,
}

/// One source of a fact. It needs a title and a URL or document reference, unless it names an
/// archived source whose description gives them.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CitationLine<'a> {
    /// The title of the source.
    #[serde(default, borrow)]
    pub title: Option<Cow<'a, str>>,
    /// Where the source is online (http or https).
    #[serde(default, borrow)]
    pub url: Option<Cow<'a, str>>,
    /// A document reference, e.g. a depositary notification number.
    #[serde(default, borrow, rename = "ref")]
    pub reference: Option<Cow<'a, str>>,
    /// Who published the source.
    #[serde(default, borrow)]
    pub publisher: Option<Cow<'a, str>>,
    /// When the source was published.
    #[serde(default, borrow)]
    #[schemars(schema_with = "optional_date_schema")]
    pub published: Option<Cow<'a, str>>,
    /// When the source was retrieved.
    #[serde(default, borrow)]
    #[schemars(schema_with = "optional_date_schema")]
    pub retrieved: Option<Cow<'a, str>>,
    /// Where in the source: a page, article, paragraph.
    #[serde(default, borrow)]
    pub locator: Option<Cow<'a, str>>,
    /// What kind of source.
    #[serde(default, borrow)]
    #[schemars(schema_with = "source_kind_schema")]
    pub kind: Option<Cow<'a, str>>,
    /// Words quoted verbatim from the source (checked against an archived copy if `source`
    /// names one).
    #[serde(default, borrow)]
    pub quote: Option<Cow<'a, str>>,
    /// The digest of an archived copy of the source (64 hex digits).
    #[serde(default, borrow)]
    #[schemars(regex(pattern = r"^[0-9a-fA-F]{64}$"))]
    pub source: Option<Cow<'a, str>>,
}

fn act_schema(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = ACT_KINDS.iter().map(|k| k.name()).collect();
    json_schema!({ "type": "string", "enum": names })
}

fn date_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$" })
}

fn optional_date_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "null"], "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$" })
}

fn source_kind_schema(_: &mut SchemaGenerator) -> Schema {
    let mut names: Vec<serde_json::Value> = crate::vocabulary::citation::SourceKind::names()
        .map(serde_json::Value::from)
        .collect();
    names.push(serde_json::Value::Null);
    json_schema!({ "type": ["string", "null"], "enum": names })
}

/// The JSON Schema of one line of a JSON Lines import file.
pub fn import_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(FactLine)).expect("a schema is JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_lists_every_act_and_requires_what_the_reader_requires() {
        let schema = import_schema();
        let acts = &schema["properties"]["act"]["enum"];
        assert_eq!(acts.as_array().unwrap().len(), ACT_KINDS.len());
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(required, ["treaty", "act", "date", "citations"]);
        assert_eq!(schema["additionalProperties"], false);
    }
}
