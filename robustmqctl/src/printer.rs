//! The one printer: every command hands it a JSON value, and it prints either that JSON (stable,
//! for scripts) or a table (for people).

use std::io::Write as _;

use serde_json::Value;

use crate::cli::Output;

/// Writes `text` to stdout. When stdout is a closed pipe (`robustmqctl ... | head`), the reader
/// wanted no more: the process exits at once with code 0, as ripgrep does, instead of panicking
/// like `print!`. Any other write error exits with code 1.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to stdout: {e}");
        std::process::exit(1);
    }
}

/// [`out`] with `format!` arguments and a newline.
#[macro_export]
macro_rules! outln {
    () => {
        $crate::printer::out("\n")
    };
    ($($arg:tt)*) => {
        $crate::printer::out(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// Prints `value` in the chosen format to stdout.
pub fn print(format: Output, value: &Value) {
    match format {
        Output::Json => outln!(
            "{}",
            serde_json::to_string_pretty(value).unwrap_or_default()
        ),
        Output::Table => out(&table(value)),
    }
}

/// Renders an object as `KEY  VALUE` rows, an array of objects as columns with a header, and
/// anything else as its plain text.
pub fn table(value: &Value) -> String {
    let rows: Vec<Vec<String>> = match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| vec![k.to_uppercase(), cell(v)])
            .collect(),
        Value::Array(items) if items.iter().all(Value::is_object) => {
            let mut header: Vec<String> = Vec::new();
            for item in items {
                for key in item.as_object().into_iter().flat_map(|o| o.keys()) {
                    if !header.contains(key) {
                        header.push(key.clone());
                    }
                }
            }
            let mut rows = vec![header.iter().map(|h| h.to_uppercase()).collect()];
            rows.extend(
                items
                    .iter()
                    .map(|item| header.iter().map(|h| cell(&item[h])).collect()),
            );
            rows
        }
        other => return format!("{}\n", cell(other)),
    };
    align(&rows)
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn align(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| format!("{s:<width$}", width = widths[c]))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn object_renders_as_aligned_key_value_rows() {
        let out = table(&json!({"status": "ok", "node_id": 1, "roles": ["meta", "broker"]}));
        assert_eq!(out, "STATUS   ok\nNODE_ID  1\nROLES    meta,broker\n");
    }

    #[test]
    fn array_of_objects_renders_as_columns() {
        let out = table(&json!([{"name": "a", "size": 10}, {"name": "bbb", "size": 2}]));
        assert_eq!(out, "NAME  SIZE\na     10\nbbb   2\n");
    }
}
