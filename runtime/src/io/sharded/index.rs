//! The index of a sharded checkpoint, `model.safetensors.index.json`: written byte for byte
//! as transformers' `save_pretrained` writes it (`json.dumps(index, indent=2,
//! sort_keys=True) + "\n"`), and read back with every tensor named once.

use std::collections::{BTreeMap, HashSet};
use std::fmt::{self, Write};
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::ShardLayout;
use crate::{Error, Result};

/// The text of the index of `layout`.
pub(crate) fn index_json(layout: &ShardLayout) -> String {
    let weight_map: BTreeMap<&str, &str> = layout
        .files
        .iter()
        .flat_map(|f| f.tensors.iter().map(|t| (t.as_str(), f.name.as_str())))
        .collect();
    let mut out = String::new();
    out.push_str("{\n  \"metadata\": {\n    \"total_size\": ");
    out.push_str(&layout.total_size.to_string());
    out.push_str("\n  },\n  \"weight_map\": {");
    for (i, (tensor, file)) in weight_map.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        push_python_json_string(&mut out, tensor);
        out.push_str(": ");
        push_python_json_string(&mut out, file);
    }
    out.push_str(if weight_map.is_empty() { "}" } else { "\n  }" });
    out.push_str("\n}\n");
    out
}

/// A JSON string as Python's `json.dumps` writes it (`ensure_ascii=True`): non-ASCII
/// characters as `\uXXXX` escapes (surrogate pairs beyond the BMP).
fn push_python_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// The `weight_map` of an index: tensor name to file name, in the index's order.
pub(crate) fn read_weight_map(path: &Path, text: &str) -> Result<Vec<(String, String)>> {
    let invalid = |what: String| {
        Error::Format(format!(
            "{} is not a valid sharded-checkpoint index: {what}",
            path.display()
        ))
    };
    let index = serde_json::Deserializer::from_str(text)
        .deserialize_map(IndexVisitor)
        .map_err(|e| invalid(e.to_string()))?;
    let weight_map = index.ok_or_else(|| invalid("it has no `weight_map`".to_string()))?;
    for (tensor, file) in &weight_map {
        if !is_plain_file_name(file) {
            return Err(invalid(format!(
                "it puts `{tensor}` in `{file}`, which is not a file name in the index's directory"
            )));
        }
    }
    Ok(weight_map)
}

/// A name of a file in the same directory: no separator, not `.` or `..`.
fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

/// Reads the index's top level: its `weight_map` (other keys, `metadata` among them, are
/// skipped).
struct IndexVisitor;

impl<'de> Visitor<'de> for IndexVisitor {
    type Value = Option<Vec<(String, String)>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object with a `weight_map`")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut weight_map = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "weight_map" {
                if weight_map.is_some() {
                    return Err(de::Error::custom("`weight_map` appears twice"));
                }
                weight_map = Some(map.next_value::<WeightMap>()?.0);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(weight_map)
    }
}

/// A `weight_map` whose tensor names are each given once (JSON parsers keep the last of a
/// name given twice, which would hide a tensor put in two files).
struct WeightMap(Vec<(String, String)>);

impl<'de> Deserialize<'de> for WeightMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct WeightMapVisitor;
        impl<'de> Visitor<'de> for WeightMapVisitor {
            type Value = WeightMap;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object of tensor names to file names")
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<WeightMap, A::Error> {
                let mut entries = Vec::new();
                let mut seen = HashSet::new();
                while let Some(tensor) = map.next_key::<String>()? {
                    if !seen.insert(tensor.clone()) {
                        return Err(de::Error::custom(format!(
                            "the tensor `{tensor}` appears twice in `weight_map`"
                        )));
                    }
                    entries.push((tensor, map.next_value::<String>()?));
                }
                Ok(WeightMap(entries))
            }
        }
        deserializer.deserialize_map(WeightMapVisitor)
    }
}
