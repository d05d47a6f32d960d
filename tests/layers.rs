//! The layering rules of ARCHITECTURE.md, checked on the source so that they cannot rot:
//!
//! - no module of any crate imports, directly or through others, a module that imports it back
//!   (an import circle), re-exports (`pub use`) being followed to where an item is defined;
//! - the broker's protocol-neutral core names no protocol crate, and only `mqtt/` names the
//!   MQTT codec;
//! - the admin API does not depend on the MQTT codec.
//!
//! The check reads `crate::`, `super::` and `self::` paths in each file, outside comments, string
//! literals and `#[cfg(test)]` modules. It is a reader of paths, not a compiler: a path it cannot
//! place falls back to the longest module prefix it knows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use robustmq_tests::workspace_root;

/// The source roots of the workspace's crates.
fn crate_sources() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut out = Vec::new();
    for dir in [
        "proto",
        "robustmqd",
        "robustmqctl",
        "robustmq-tui",
        "tests",
        "bench",
    ] {
        out.push(root.join(dir).join("src"));
    }
    for entry in std::fs::read_dir(root.join("crates")).expect("crates/") {
        let dir = entry.expect("entry").path().join("src");
        if dir.is_dir() {
            out.push(dir);
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of `file` under `src` (`a::b` for `src/a/b.rs` or `src/a/b/mod.rs`; the
/// empty path for `lib.rs` and `main.rs`). Binaries under `src/bin/` are roots of their own and
/// are skipped.
fn module_of(src: &Path, file: &Path) -> Option<Vec<String>> {
    let rel = file.strip_prefix(src).ok()?;
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.first().is_some_and(|p| p == "bin") {
        return None;
    }
    let last = parts.pop()?;
    match last.as_str() {
        "lib.rs" | "main.rs" if parts.is_empty() => {}
        "mod.rs" => {}
        other => parts.push(other.trim_end_matches(".rs").to_owned()),
    }
    Some(parts)
}

/// `source` without comments and string literals (replaced by spaces, so offsets keep their
/// lines), and cut where a `#[cfg(test)]` module begins.
fn code_of(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &source[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            i += end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            i += end;
            out.push(' ');
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].chars().take_while(|c| *c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let start = 2 + hashes;
            let end = rest[start..]
                .find(&close)
                .map_or(rest.len(), |e| start + e + close.len());
            i += end;
            out.push(' ');
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() {
                match rest.as_bytes()[j] {
                    b'\\' => j += 2,
                    b'"' => {
                        j += 1;
                        break;
                    }
                    _ => j += 1,
                }
            }
            i += j.min(rest.len());
            out.push(' ');
        } else {
            let ch = rest.chars().next().expect("not empty");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    // Test modules may import anything of their crate; they are not layers.
    let mut kept = String::with_capacity(out.len());
    let mut lines = out.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines.peek().is_some_and(|next| {
                let next = next.trim();
                (next.starts_with("mod ") || next.starts_with("pub(crate) mod "))
                    && next.ends_with('{')
            })
        {
            break;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// Modules declared `#[cfg(test)] mod name;` in `code`: test-only files.
fn test_only_children(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = code.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && let Some(next) = lines.peek()
            && let Some(name) = next.trim().strip_prefix("mod ")
            && let Some(name) = name.strip_suffix(';')
        {
            out.push(name.trim().to_owned());
        }
    }
    out
}

/// One `use` tree or inline path: its segments after `crate`/`super`/`self`, already made
/// absolute.
#[derive(Debug)]
struct PathRef {
    segments: Vec<String>,
    /// Brought in by `pub use`: a re-export, followed rather than counted.
    reexport: Option<String>,
}

fn ident_at(code: &[u8], mut i: usize) -> (String, usize) {
    let start = i;
    while i < code.len() && (code[i].is_ascii_alphanumeric() || code[i] == b'_') {
        i += 1;
    }
    (String::from_utf8_lossy(&code[start..i]).into_owned(), i)
}

fn skip_ws(code: &[u8], mut i: usize) -> usize {
    while i < code.len() && code[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Parses a use tree at `i` below `prefix`, pushing each leaf path with the name it is bound
/// to. Returns where it ended.
fn parse_tree(
    code: &[u8],
    mut i: usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, String)>,
) -> usize {
    let mut path = prefix.to_vec();
    loop {
        i = skip_ws(code, i);
        if i < code.len() && code[i] == b'{' {
            i += 1;
            loop {
                i = skip_ws(code, i);
                if i >= code.len() {
                    return i;
                }
                if code[i] == b'}' {
                    return i + 1;
                }
                if code[i] == b',' {
                    i += 1;
                    continue;
                }
                i = parse_tree(code, i, &path, out);
            }
        }
        if i < code.len() && code[i] == b'*' {
            out.push((path.clone(), "*".to_owned()));
            return i + 1;
        }
        let (ident, next) = ident_at(code, i);
        if ident.is_empty() {
            if path.len() > prefix.len() {
                let bound = path.last().cloned().unwrap_or_default();
                out.push((path, bound));
            }
            return next;
        }
        path.push(ident);
        i = skip_ws(code, next);
        if code[i..].starts_with(b"::") {
            i += 2;
            continue;
        }
        let mut bound = path.last().cloned().unwrap_or_default();
        if code[i..].starts_with(b"as ") {
            let (alias, next) = ident_at(code, skip_ws(code, i + 3));
            bound = alias;
            i = next;
        }
        out.push((path, bound));
        return i;
    }
}

/// Every crate-relative path `code` (the text of module `module`) names: `crate::`, `super::`
/// and `self::` paths, and paths that start with a child module of `module` (`use child::X`).
fn paths_of(module: &[String], code: &str, modules: &BTreeSet<Vec<String>>) -> Vec<PathRef> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b':');
        if !boundary || !(bytes[i].is_ascii_alphabetic() || bytes[i] == b'_') {
            i += 1;
            continue;
        }
        let (base, len) = if code[i..].starts_with("crate::") {
            (Some(Vec::new()), "crate::".len())
        } else if code[i..].starts_with("super::") {
            let mut base = module.to_vec();
            let mut len = 0;
            while code[i + len..].starts_with("super::") {
                base.pop();
                len += "super::".len();
            }
            (Some(base), len)
        } else if code[i..].starts_with("self::") {
            (Some(module.to_vec()), "self::".len())
        } else {
            let (ident, end) = ident_at(bytes, i);
            let mut child = module.to_vec();
            child.push(ident);
            if code[end..].starts_with("::") && modules.contains(&child) {
                (Some(module.to_vec()), 0)
            } else {
                (None, end - i)
            }
        };
        let Some(base) = base else {
            i += len.max(1);
            continue;
        };
        // `pub use` or `pub(crate) use` just before: a re-export.
        let before = code[..i].trim_end();
        let reexport = before.ends_with("use")
            && (before.trim_end_matches("use").trim_end().ends_with("pub")
                || before.trim_end_matches("use").trim_end().ends_with(')'));
        let mut leaves = Vec::new();
        let end = parse_tree(bytes, i + len, &base, &mut leaves);
        for (segments, bound) in leaves {
            out.push(PathRef {
                segments,
                reexport: reexport.then_some(bound),
            });
        }
        i = end.max(i + len.max(1));
    }
    out
}

/// One crate's modules, their re-exports and what each imports.
struct CrateGraph {
    modules: BTreeSet<Vec<String>>,
    /// Per module: name re-exported → the path it stands for.
    reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
    /// Per module: the paths it names (not re-exports).
    uses: BTreeMap<Vec<String>, Vec<Vec<String>>>,
}

impl CrateGraph {
    fn load(src: &Path) -> CrateGraph {
        let mut files = Vec::new();
        rust_files(src, &mut files);
        let mut graph = CrateGraph {
            modules: BTreeSet::new(),
            reexports: BTreeMap::new(),
            uses: BTreeMap::new(),
        };
        let mut test_only = BTreeSet::new();
        let mut texts = Vec::new();
        for file in files {
            let Some(module) = module_of(src, &file) else {
                continue;
            };
            let source = std::fs::read_to_string(&file).expect("read source");
            let code = code_of(&source);
            for child in test_only_children(&code) {
                let mut m = module.clone();
                m.push(child);
                test_only.insert(m);
            }
            texts.push((module, code));
        }
        texts.retain(|(module, _)| !test_only.iter().any(|t| module.starts_with(t)));
        graph.modules = texts.iter().map(|(m, _)| m.clone()).collect();
        for (module, code) in texts {
            let mut reexports = BTreeMap::new();
            let mut uses = Vec::new();
            for path in paths_of(&module, &code, &graph.modules) {
                match path.reexport {
                    Some(name) if name != "*" => {
                        reexports.insert(name, path.segments);
                    }
                    _ => uses.push(path.segments),
                }
            }
            graph.reexports.insert(module.clone(), reexports);
            graph.uses.insert(module, uses);
        }
        graph
    }

    /// The module that defines what `segments` names, following re-exports.
    fn resolve(&self, segments: &[String], depth: usize) -> Vec<String> {
        let mut module: Vec<String> = Vec::new();
        let mut i = 0;
        while i < segments.len() {
            let mut next = module.clone();
            next.push(segments[i].clone());
            if self.modules.contains(&next) {
                module = next;
                i += 1;
            } else {
                break;
            }
        }
        if depth < 16
            && let Some(name) = segments.get(i)
            && let Some(target) = self.reexports.get(&module).and_then(|r| r.get(name))
        {
            let mut path = target.clone();
            path.extend_from_slice(&segments[i + 1..]);
            return self.resolve(&path, depth + 1);
        }
        module
    }

    /// Every circle of imports, as the modules in it.
    fn circles(&self) -> Vec<Vec<String>> {
        let mut edges: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for (module, uses) in &self.uses {
            let targets = uses
                .iter()
                .map(|u| self.resolve(u, 0))
                .filter(|t| t != module && !module.starts_with(t))
                .collect();
            edges.insert(module, targets);
        }
        // Strongly connected components (Tarjan), small graphs: recursion is fine.
        struct Tarjan<'a> {
            edges: &'a BTreeMap<&'a Vec<String>, BTreeSet<Vec<String>>>,
            index: BTreeMap<Vec<String>, usize>,
            low: BTreeMap<Vec<String>, usize>,
            stack: Vec<Vec<String>>,
            on_stack: BTreeSet<Vec<String>>,
            next: usize,
            out: Vec<Vec<String>>,
        }
        impl Tarjan<'_> {
            fn visit(&mut self, v: &Vec<String>) {
                self.index.insert(v.clone(), self.next);
                self.low.insert(v.clone(), self.next);
                self.next += 1;
                self.stack.push(v.clone());
                self.on_stack.insert(v.clone());
                let targets: Vec<Vec<String>> = self
                    .edges
                    .get(v)
                    .map(|t| t.iter().cloned().collect())
                    .unwrap_or_default();
                for w in targets {
                    if !self.index.contains_key(&w) {
                        self.visit(&w);
                        let low = self.low[v].min(self.low[&w]);
                        self.low.insert(v.clone(), low);
                    } else if self.on_stack.contains(&w) {
                        let low = self.low[v].min(self.index[&w]);
                        self.low.insert(v.clone(), low);
                    }
                }
                if self.low[v] == self.index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = self.stack.pop() {
                        self.on_stack.remove(&w);
                        let done = &w == v;
                        component.push(w.join("::"));
                        if done {
                            break;
                        }
                    }
                    if component.len() > 1 {
                        component.sort();
                        self.out.push(component);
                    }
                }
            }
        }
        let mut tarjan = Tarjan {
            edges: &edges,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            next: 0,
            out: Vec::new(),
        };
        for module in edges.keys() {
            if !tarjan.index.contains_key(*module) {
                tarjan.visit(module);
            }
        }
        tarjan.out
    }
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let mut found = Vec::new();
    for src in crate_sources() {
        for circle in CrateGraph::load(&src).circles() {
            found.push(format!("{}: {}", src.display(), circle.join(" <-> ")));
        }
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn the_circle_check_finds_a_circle_and_follows_reexports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    let write = |name: &str, text: &str| {
        let path = src.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "lib.rs",
        "pub mod a;\npub mod b;\npub mod c;\npub use c::Thing;\n",
    );
    write(
        "a.rs",
        "use crate::b::B; // crate::c::C in a comment\nconst S: &str = \"crate::c\";\n",
    );
    write("b.rs", "use crate::{a::A, Thing};\n");
    write(
        "c.rs",
        "pub struct Thing;\n#[cfg(test)]\nmod tests {\n    use crate::a::A;\n}\n",
    );
    let graph = CrateGraph::load(src);
    assert_eq!(graph.circles(), vec![vec!["a".to_owned(), "b".to_owned()]]);
    assert_eq!(
        graph.resolve(&["Thing".to_owned()], 0),
        vec!["c".to_owned()],
        "a re-export leads to the module that defines the item"
    );
    write("b.rs", "use crate::Thing;\n");
    assert!(CrateGraph::load(src).circles().is_empty());
}

/// Files under `dir` whose code names `needle`.
fn files_naming(dir: &Path, needle: &str) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    let mut out: Vec<String> = files
        .into_iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .map(|s| s.contains(needle))
                .unwrap_or(false)
        })
        .map(|f| f.strip_prefix(dir).unwrap_or(&f).display().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn only_the_mqtt_layer_names_the_mqtt_codec_and_the_core_names_no_protocol() {
    let broker = workspace_root().join("crates/broker/src");
    let outside: Vec<String> = files_naming(&broker, "robustmq_mqtt_codec")
        .into_iter()
        .filter(|f| !f.starts_with("mqtt/"))
        .collect();
    assert!(outside.is_empty(), "outside mqtt/: {outside:?}");
    assert!(broker.join("core").is_dir(), "the broker has a core/");
    for protocol in [
        "robustmq_mqtt_codec",
        "kafka_protocol",
        "crate::mqtt",
        "crate::kafka",
    ] {
        let core = files_naming(&broker.join("core"), protocol);
        assert!(core.is_empty(), "core/ names {protocol}: {core:?}");
    }
    let admin = std::fs::read_to_string(workspace_root().join("crates/admin/Cargo.toml"))
        .expect("admin manifest");
    assert!(
        !admin.contains("robustmq-mqtt-codec"),
        "crates/admin depends on the MQTT codec"
    );
}
