//! Topic rewrite: the ordered rules an operator keeps in meta (`robustmqctl rewrite`), applied
//! to the topic of every MQTT PUBLISH and the filter of every SUBSCRIBE and UNSUBSCRIBE before
//! anything else sees them (ACL checks included, so the ACL judges the topic that is used).
//!
//! EMQX's semantics: the rules are tried in order, and the first whose action applies and whose
//! source filter matches the topic decides. If its regex matches the topic, the topic becomes the
//! rule's destination with `$1`..`$9` replaced by the capture groups; if the regex does not match,
//! the topic stays as it is and no later rule is tried. A filter is matched level by level as if
//! it were a topic (a `+` level in it is matched by `+` or a wildcard of the source); the
//! `$share/{group}/` or `$exclusive/` prefix of a subscription is kept and the filter after it is
//! rewritten. A result that is not a valid topic name (publish) or filter (subscribe) leaves the
//! topic as it was.

use std::borrow::Cow;

use regex::Regex;
use robustmq_common::topic;
use robustmq_meta_client::{RewriteAction, RewriteRule};

use crate::core::router::EXCLUSIVE_PREFIX;

/// A rule whose regex compiled.
#[derive(Debug)]
struct Compiled {
    action: RewriteAction,
    source: String,
    regex: Regex,
    dest: String,
}

/// The compiled rewrite rules of a node. Cheap to test when empty, which is the default.
#[derive(Debug, Default)]
pub struct Rewriter {
    rules: Vec<Compiled>,
}

impl Rewriter {
    /// Compiles `rules` in order. A rule whose regex does not compile (the admin API refuses
    /// those; a record written otherwise may hold one) is left out, with its reason returned.
    pub fn compile(rules: &[RewriteRule]) -> (Rewriter, Vec<String>) {
        let mut compiled = Vec::with_capacity(rules.len());
        let mut errors = Vec::new();
        for rule in rules {
            match Regex::new(&rule.regex) {
                Ok(regex) => compiled.push(Compiled {
                    action: rule.action,
                    source: rule.source.clone(),
                    regex,
                    dest: rule.dest.clone(),
                }),
                Err(e) => errors.push(format!("rule for {:?}: {e}", rule.source)),
            }
        }
        (Rewriter { rules: compiled }, errors)
    }

    /// Whether there is no rule at all.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The topic a PUBLISH to `topic` goes to.
    pub fn publish<'a>(&self, topic: &'a str) -> Cow<'a, str> {
        match self.rewrite(topic, RewriteAction::Publish) {
            Some(new) if topic::is_valid_name(&new) => Cow::Owned(new),
            _ => Cow::Borrowed(topic),
        }
    }

    /// The filter a SUBSCRIBE or UNSUBSCRIBE of `raw` stands for, its `$share/{group}/` or
    /// `$exclusive/` prefix kept.
    pub fn subscribe<'a>(&self, raw: &'a str) -> Cow<'a, str> {
        let split = if let Some(rest) = raw.strip_prefix("$share/") {
            rest.split_once('/')
                .map(|(group, _)| "$share/".len() + group.len() + 1)
        } else if raw.starts_with(EXCLUSIVE_PREFIX) {
            Some(EXCLUSIVE_PREFIX.len())
        } else {
            Some(0)
        };
        let Some(at) = split else {
            return Cow::Borrowed(raw);
        };
        let (prefix, filter) = raw.split_at(at);
        match self.rewrite(filter, RewriteAction::Subscribe) {
            Some(new) if topic::is_valid_filter(&new) => Cow::Owned(format!("{prefix}{new}")),
            _ => Cow::Borrowed(raw),
        }
    }

    fn rewrite(&self, subject: &str, action: RewriteAction) -> Option<String> {
        let rule = self.rules.iter().find(|r| {
            (r.action == action || r.action == RewriteAction::All) && covers(&r.source, subject)
        })?;
        let captures = rule.regex.captures(subject)?;
        let mut out = String::with_capacity(rule.dest.len() + subject.len());
        let mut chars = rule.dest.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('$', Some(n)) if n > 0 => {
                    chars.next();
                    out.push_str(captures.get(n as usize).map_or("", |m| m.as_str()));
                }
                _ => out.push(c),
            }
        }
        Some(out)
    }
}

/// Whether `source` (a filter) matches `subject` level by level, `subject`'s levels taken as
/// literal words, so a subscription filter is matched as a topic would be.
fn covers(source: &str, subject: &str) -> bool {
    if subject.starts_with('$') && (source.starts_with('+') || source.starts_with('#')) {
        return false;
    }
    let mut s = source.split('/');
    let mut t = subject.split('/');
    loop {
        match (s.next(), t.next()) {
            (Some("#"), _) => return true,
            (Some("+"), Some(_)) => {}
            (Some(a), Some(b)) if a == b => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(action: RewriteAction, source: &str, regex: &str, dest: &str) -> RewriteRule {
        RewriteRule {
            action,
            source: source.to_owned(),
            regex: regex.to_owned(),
            dest: dest.to_owned(),
        }
    }

    /// EMQX's documented example: three rules over `x/#`, `x/y/+` and `x/y/z`.
    fn emqx_example() -> Rewriter {
        let (rewriter, errors) = Rewriter::compile(&[
            rule(RewriteAction::All, "x/#", "^x/y/(.+)$", "z/y/$1"),
            rule(
                RewriteAction::Subscribe,
                "y/+/z/#",
                "^y/(.+)/z/(.+)$",
                "y/z/$2",
            ),
            rule(
                RewriteAction::Publish,
                "a/+",
                "^a/(\\d+)$",
                "devices/$1/data",
            ),
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        rewriter
    }

    #[test]
    fn the_first_rule_whose_source_matches_decides_with_capture_groups() {
        let r = emqx_example();
        assert_eq!(r.publish("x/y/123"), "z/y/123");
        assert_eq!(r.subscribe("x/y/+"), "z/y/+");
        assert_eq!(r.subscribe("y/a/z/b"), "y/z/b");
        assert_eq!(
            r.publish("y/a/z/b"),
            "y/a/z/b",
            "a subscribe rule leaves publishes alone"
        );
        assert_eq!(r.publish("a/42"), "devices/42/data");
        assert_eq!(
            r.subscribe("a/42"),
            "a/42",
            "a publish rule leaves filters alone"
        );
    }

    #[test]
    fn a_source_match_whose_regex_fails_keeps_the_topic_and_stops_there() {
        let (r, _) = Rewriter::compile(&[
            rule(RewriteAction::All, "x/#", "^x/never$", "first"),
            rule(RewriteAction::All, "x/+", "^x/(.+)$", "second/$1"),
        ]);
        assert_eq!(r.publish("x/a"), "x/a");
    }

    #[test]
    fn shared_and_exclusive_prefixes_are_kept_and_invalid_results_ignored() {
        let (r, _) = Rewriter::compile(&[
            rule(RewriteAction::All, "old/#", "^old/(.*)$", "new/$1"),
            rule(RewriteAction::All, "bad/+", "^bad/(.*)$", "wild/#/$1"),
        ]);
        assert_eq!(r.subscribe("$share/g/old/a/#"), "$share/g/new/a/#");
        assert_eq!(r.subscribe("$exclusive/old/x"), "$exclusive/new/x");
        assert_eq!(r.publish("bad/1"), "bad/1", "a wildcard is no topic name");
        assert_eq!(
            r.publish("old/$9x"),
            "new/$9x",
            "only the dest's placeholders expand"
        );
    }

    #[test]
    fn a_rule_whose_regex_does_not_compile_is_left_out_with_its_reason() {
        let (r, errors) = Rewriter::compile(&[
            rule(RewriteAction::All, "#", "(", "x"),
            rule(RewriteAction::All, "a", "^a$", "b"),
        ]);
        assert_eq!(errors.len(), 1);
        assert_eq!(r.publish("a"), "b");
        assert!(Rewriter::default().is_empty());
    }

    #[test]
    fn a_wildcard_source_does_not_match_a_dollar_topic_mqtt_4_7_2_1() {
        let (r, _) = Rewriter::compile(&[rule(RewriteAction::All, "#", "^(.*)$", "all/$1")]);
        assert_eq!(r.publish("$SYS/x"), "$SYS/x");
        assert_eq!(r.publish("t"), "all/t");
    }
}
