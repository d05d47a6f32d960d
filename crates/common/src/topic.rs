//! MQTT topic names and filters: validation and matching, shared by the broker's router and the
//! Meta Service's retained-message lookup, which must agree exactly.
//!
//! Rules (MQTT 5.0 section 4.7, the same in 3.1.1):
//! - `#` matches the parent level and any number of child levels, and must be last and alone in
//!   its level [MQTT-4.7.1-1];
//! - `+` matches exactly one level and must be alone in its level [MQTT-4.7.1-2];
//! - a filter starting with a wildcard does not match a topic starting with `$` [MQTT-4.7.2-1];
//! - names and filters are at least one character long [MQTT-4.7.3-1]; topic names contain no
//!   wildcard [MQTT-4.7.3-2] (MQTT 5.0 numbering).

/// Whether `filter` is a valid topic filter.
pub fn is_valid_filter(filter: &str) -> bool {
    if filter.is_empty() || filter.contains('\0') {
        return false;
    }
    let levels: Vec<&str> = filter.split('/').collect();
    levels.iter().enumerate().all(|(i, level)| match *level {
        "#" => i == levels.len() - 1,
        "+" => true,
        other => !other.contains('#') && !other.contains('+'),
    })
}

/// Whether `name` is a valid topic name (what a PUBLISH carries).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['#', '+', '\0'])
}

/// Whether the topic `name` matches `filter`. Both must be valid; an invalid pair never matches.
pub fn matches(filter: &str, name: &str) -> bool {
    if !is_valid_filter(filter) || !is_valid_name(name) {
        return false;
    }
    if name.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let mut f = filter.split('/');
    let mut n = name.split('/');
    loop {
        match (f.next(), n.next()) {
            (Some("#"), _) => return true,
            (Some("+"), Some(_)) => {}
            (Some(fl), Some(nl)) if fl == nl => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_level_wildcard_matches_parent_and_children_mqtt_4_7_1_1() {
        assert!(matches("sport/tennis/#", "sport/tennis"));
        assert!(matches("sport/tennis/#", "sport/tennis/player1/ranking"));
        assert!(matches("#", "a/b/c"));
        assert!(!matches("sport/tennis/#", "sport/football"));
        assert!(!is_valid_filter("sport/tennis#"));
        assert!(!is_valid_filter("sport/#/ranking"));
    }

    #[test]
    fn single_level_wildcard_matches_one_level_mqtt_4_7_1_2() {
        assert!(matches("sport/tennis/+", "sport/tennis/player1"));
        assert!(!matches("sport/tennis/+", "sport/tennis/player1/ranking"));
        assert!(matches("sport/+", "sport/"));
        assert!(!matches("sport/+", "sport"));
        assert!(matches("+/+", "/finance"));
        assert!(matches("/+", "/finance"));
        assert!(!matches("+", "/finance"));
        assert!(!is_valid_filter("sport+"));
    }

    #[test]
    fn wildcards_do_not_match_dollar_topics_mqtt_4_7_2_1() {
        assert!(!matches("#", "$SYS/monitor/Clients"));
        assert!(!matches("+/monitor/Clients", "$SYS/monitor/Clients"));
        assert!(matches("$SYS/#", "$SYS/monitor/Clients"));
        assert!(matches("$SYS/monitor/+", "$SYS/monitor/Clients"));
    }

    #[test]
    fn empty_and_wildcard_names_are_invalid() {
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("a/+"));
        assert!(!is_valid_filter(""));
        assert!(!matches("a", ""));
        assert!(matches("a/b", "a/b"));
        assert!(!matches("a/b", "a/b/c"));
    }
}
