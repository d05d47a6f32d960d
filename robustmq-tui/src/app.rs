//! Dashboard state. It takes in status frames, lists and keys, and derives everything the views
//! show, so that the render functions stay pure and every decision here is tested without a
//! terminal.
//!
//! Nothing in here trusts the server's data to be sensible: counters may go backwards (a node
//! restarted), lists may be empty, and a node may vanish between two frames.

use std::collections::{BTreeMap, VecDeque};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use robustmq_proto::admin as pb;

/// How many frames the sparklines keep: five minutes at the default interval.
pub const HISTORY: usize = 300;
/// For how many frames a group whose leader changed stays highlighted.
pub const LEADER_CHANGE_FRAMES: u64 = 10;

/// The views, in tab order; the number keys 1 to 5 select them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Nodes, cluster totals and sparklines.
    Overview,
    /// Each Raft group as each node sees it.
    Raft,
    /// Topics with storage, rates and sizes.
    Topics,
    /// Clients and sessions.
    Clients,
    /// Connectors.
    Connectors,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 5] = [
        View::Overview,
        View::Raft,
        View::Topics,
        View::Clients,
        View::Connectors,
    ];

    /// The tab title.
    pub fn title(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Raft => "Raft",
            View::Topics => "Topics",
            View::Clients => "Clients",
            View::Connectors => "Connectors",
        }
    }

    fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }
}

/// How the dashboard's link to the node stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// No frame yet.
    Connecting,
    /// Frames are arriving.
    Connected,
    /// The stream broke; the feeder is retrying. The last data stays on screen.
    Disconnected(String),
}

/// What the keyboard is doing: browsing, or one of the modal states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Keys switch views, move the selection and start actions.
    Normal,
    /// Keys type into the current view's filter; Enter or Esc ends it.
    Filter,
    /// Waiting for y or n before kicking this client.
    ConfirmKick(String),
    /// The selected session's detail is open.
    Detail,
    /// The key help is open.
    Help,
}

/// What the main loop must do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Nothing beyond drawing again.
    None,
    /// Leave the dashboard.
    Quit,
    /// Disconnect this client (confirmed).
    Kick(String),
}

/// How the Topics view is sorted; `s` cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicSort {
    /// By name.
    Name,
    /// Busiest first.
    Rate,
    /// Largest first.
    Size,
}

/// Data the feeders bring in.
#[derive(Debug, Clone)]
pub enum Update {
    /// A status frame.
    Frame(pb::StatusFrame),
    /// The status stream broke, with the reason.
    Disconnected(String),
    /// The topic list, read at `at_ms` (Unix milliseconds).
    Topics {
        /// The topics.
        topics: Vec<pb::Topic>,
        /// When they were read.
        at_ms: i64,
    },
    /// Connected clients and sessions of the node's broker.
    Clients {
        /// Connected clients.
        clients: Vec<pb::Client>,
        /// Sessions, connected or not.
        sessions: Vec<pb::Session>,
    },
    /// Connectors and the available types.
    Connectors(pb::ConnectorList),
    /// A one-line message for the footer (the result of an action, or why a list failed).
    Notice(String),
}

/// A group's leader as the dashboard last saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeaderSeen {
    /// The leader in the last frame.
    pub leader: Option<u64>,
    /// The leader before the last change, and the frame count when it changed.
    pub changed: Option<(Option<u64>, u64)>,
}

/// One topic as the Topics view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicRow {
    /// Name.
    pub name: String,
    /// Storage type; for a topic without shards of its own, the `$mqtt` shard that holds it.
    pub storage: String,
    /// Partitions.
    pub partitions: u32,
    /// Messages appended per second since the previous list.
    pub rate: f64,
    /// Messages held (latest minus earliest, over partitions); for a topic without shards of
    /// its own, the messages published to it through the node.
    pub messages: u64,
    /// Bytes held.
    pub size_bytes: u64,
    /// Retention in milliseconds, if any.
    pub retention_ms: Option<u64>,
}

/// One session as the Clients view shows it, with its connection when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientRow {
    /// The session.
    pub session: pb::Session,
    /// The connection, when connected.
    pub client: Option<pb::Client>,
}

/// Everything the dashboard knows.
#[derive(Debug)]
pub struct App {
    /// Where the node is.
    pub target: String,
    /// The view on screen.
    pub view: View,
    /// The keyboard's state.
    pub mode: Mode,
    /// The link to the node.
    pub link: Link,
    /// The last frame; kept while disconnected.
    pub frame: Option<pb::StatusFrame>,
    /// Frames taken in.
    pub frames: u64,
    /// Cluster-wide messages in per second, oldest first.
    pub rate_in: VecDeque<u64>,
    /// Cluster-wide messages out per second, oldest first.
    pub rate_out: VecDeque<u64>,
    /// Cluster-wide connections, oldest first.
    pub connections: VecDeque<u64>,
    /// Per group: the leader last seen, and its last change.
    pub leaders: BTreeMap<String, LeaderSeen>,
    /// Topics, with rates.
    pub topics: Vec<TopicRow>,
    /// The Topics view's order.
    pub topic_sort: TopicSort,
    /// Sessions, with their connections.
    pub clients: Vec<ClientRow>,
    /// Connectors.
    pub connectors: pb::ConnectorList,
    /// The filter of each view that has one (Topics, Clients).
    pub filters: BTreeMap<&'static str, String>,
    /// The selected row of the Clients view, in the filtered list.
    pub selected: usize,
    /// The last notice, for the footer.
    pub notice: Option<String>,
    /// Each topic's message total and when it was read, for rates.
    topic_totals: BTreeMap<String, (u64, i64)>,
}

impl App {
    /// A dashboard for `target` with nothing received yet.
    pub fn new(target: String) -> Self {
        Self {
            target,
            view: View::Overview,
            mode: Mode::Normal,
            link: Link::Connecting,
            frame: None,
            frames: 0,
            rate_in: VecDeque::new(),
            rate_out: VecDeque::new(),
            connections: VecDeque::new(),
            leaders: BTreeMap::new(),
            topics: Vec::new(),
            topic_sort: TopicSort::Name,
            clients: Vec::new(),
            connectors: pb::ConnectorList::default(),
            filters: BTreeMap::new(),
            selected: 0,
            notice: None,
            topic_totals: BTreeMap::new(),
        }
    }

    /// Takes in data from a feeder.
    pub fn apply(&mut self, update: Update) {
        match update {
            Update::Frame(frame) => self.take_frame(frame),
            Update::Disconnected(reason) => self.link = Link::Disconnected(reason),
            Update::Topics { topics, at_ms } => self.take_topics(topics, at_ms),
            Update::Clients { clients, sessions } => self.take_clients(clients, sessions),
            Update::Connectors(list) => self.connectors = list,
            Update::Notice(text) => self.notice = Some(text),
        }
    }

    fn take_frame(&mut self, frame: pb::StatusFrame) {
        self.frames += 1;
        self.link = Link::Connected;
        let healthy = frame.nodes.iter().filter(|n| n.error.is_none());
        let (mut rate_in, mut rate_out, mut conns) = (0.0, 0.0, 0u64);
        for n in healthy {
            rate_in += n.messages_in_per_sec.max(0.0);
            rate_out += n.messages_out_per_sec.max(0.0);
            conns = conns.saturating_add(n.connections);
        }
        push(&mut self.rate_in, rate_in.round() as u64);
        push(&mut self.rate_out, rate_out.round() as u64);
        push(&mut self.connections, conns);
        for (group, leader) in group_leaders(&frame) {
            match self.leaders.get_mut(&group) {
                None => {
                    self.leaders.insert(
                        group,
                        LeaderSeen {
                            leader,
                            changed: None,
                        },
                    );
                }
                Some(seen) => {
                    if seen.leader != leader {
                        seen.changed = Some((seen.leader, self.frames));
                        seen.leader = leader;
                    }
                }
            }
        }
        self.frame = Some(frame);
    }

    /// The previous leader of `group` when it changed within the last
    /// [`LEADER_CHANGE_FRAMES`] frames.
    pub fn recent_leader_change(&self, group: &str) -> Option<Option<u64>> {
        let (before, at) = self.leaders.get(group)?.changed?;
        (self.frames.saturating_sub(at) < LEADER_CHANGE_FRAMES).then_some(before)
    }

    fn take_topics(&mut self, topics: Vec<pb::Topic>, at_ms: i64) {
        let mut rows = Vec::with_capacity(topics.len());
        let mut totals = BTreeMap::new();
        for t in topics {
            // A topic stored in `$mqtt` has no shards of its own to count in: what was published
            // to it through the node stands for both.
            let own = t.stored_in.is_empty();
            let appended: u64 = if own {
                t.partition_status.iter().map(|p| p.latest).sum()
            } else {
                t.messages_in
            };
            let held: u64 = if own {
                t.partition_status
                    .iter()
                    .map(|p| p.latest.saturating_sub(p.earliest))
                    .sum()
            } else {
                t.messages_in
            };
            let size: u64 = t.partition_status.iter().map(|p| p.size_bytes).sum();
            let rate = match self.topic_totals.get(&t.name) {
                Some((before, then)) if at_ms > *then && appended >= *before => {
                    (appended - before) as f64 * 1000.0 / (at_ms - then) as f64
                }
                _ => 0.0,
            };
            totals.insert(t.name.clone(), (appended, at_ms));
            rows.push(TopicRow {
                name: t.name,
                storage: if own { t.storage } else { t.stored_in },
                partitions: t.partitions,
                rate,
                messages: held,
                size_bytes: size,
                retention_ms: t.retention_ms,
            });
        }
        self.topic_totals = totals;
        self.topics = rows;
    }

    fn take_clients(&mut self, clients: Vec<pb::Client>, sessions: Vec<pb::Session>) {
        let mut by_id: BTreeMap<String, pb::Client> = clients
            .into_iter()
            .map(|c| (c.client_id.clone(), c))
            .collect();
        let mut rows: Vec<ClientRow> = sessions
            .into_iter()
            .map(|s| ClientRow {
                client: by_id.remove(&s.client_id),
                session: s,
            })
            .collect();
        // A client whose session the list missed (it connected in between) still shows.
        rows.extend(by_id.into_values().map(|c| ClientRow {
            session: pb::Session {
                client_id: c.client_id.clone(),
                connected: true,
                ..Default::default()
            },
            client: Some(c),
        }));
        rows.sort_by(|a, b| a.session.client_id.cmp(&b.session.client_id));
        self.clients = rows;
        self.clamp_selection();
    }

    /// The filter of the current view, if it has one.
    pub fn filter(&self) -> &str {
        self.filter_key()
            .and_then(|k| self.filters.get(k))
            .map_or("", String::as_str)
    }

    fn filter_key(&self) -> Option<&'static str> {
        match self.view {
            View::Topics => Some("topics"),
            View::Clients => Some("clients"),
            _ => None,
        }
    }

    /// The topics that pass the filter, in the chosen order.
    pub fn visible_topics(&self) -> Vec<&TopicRow> {
        let filter = self.filters.get("topics").map_or("", String::as_str);
        let mut rows: Vec<&TopicRow> = self
            .topics
            .iter()
            .filter(|t| t.name.contains(filter))
            .collect();
        match self.topic_sort {
            TopicSort::Name => rows.sort_by(|a, b| a.name.cmp(&b.name)),
            TopicSort::Rate => rows.sort_by(|a, b| b.rate.total_cmp(&a.rate)),
            TopicSort::Size => rows.sort_by_key(|t| std::cmp::Reverse(t.size_bytes)),
        }
        rows
    }

    /// The sessions that pass the filter (client id substring).
    pub fn visible_clients(&self) -> Vec<&ClientRow> {
        let filter = self.filters.get("clients").map_or("", String::as_str);
        self.clients
            .iter()
            .filter(|c| c.session.client_id.contains(filter))
            .collect()
    }

    /// The selected session, if the Clients view has any.
    pub fn selected_client(&self) -> Option<&ClientRow> {
        self.visible_clients().get(self.selected).copied()
    }

    fn clamp_selection(&mut self) {
        let len = self.visible_clients().len();
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// Reacts to a key, returning what the main loop must do.
    pub fn on_key(&mut self, key: KeyEvent) -> Action {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Action::Quit;
        }
        match self.mode.clone() {
            Mode::Help | Mode::Detail => {
                self.mode = Mode::Normal;
                Action::None
            }
            Mode::ConfirmKick(client_id) => {
                self.mode = Mode::Normal;
                match key.code {
                    KeyCode::Char('y' | 'Y') => Action::Kick(client_id),
                    _ => {
                        self.notice = Some("kick cancelled".to_owned());
                        Action::None
                    }
                }
            }
            Mode::Filter => {
                if let Some(k) = self.filter_key() {
                    let filter = self.filters.entry(k).or_default();
                    match key.code {
                        KeyCode::Enter | KeyCode::Esc => self.mode = Mode::Normal,
                        KeyCode::Backspace => {
                            filter.pop();
                        }
                        KeyCode::Char(c) => filter.push(c),
                        _ => {}
                    }
                } else {
                    self.mode = Mode::Normal;
                }
                self.clamp_selection();
                Action::None
            }
            Mode::Normal => self.normal_key(key),
        }
    }

    fn normal_key(&mut self, key: KeyEvent) -> Action {
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return Action::Quit,
            KeyCode::Char('?') => self.mode = Mode::Help,
            KeyCode::Tab | KeyCode::Right => {
                self.view = View::ALL[(self.view.index() + 1) % View::ALL.len()];
            }
            KeyCode::BackTab | KeyCode::Left => {
                self.view = View::ALL[(self.view.index() + View::ALL.len() - 1) % View::ALL.len()];
            }
            KeyCode::Char(c @ '1'..='5') => {
                let index = usize::from(c as u8 - b'1');
                self.view = View::ALL[index];
            }
            KeyCode::Char('/') if self.filter_key().is_some() => self.mode = Mode::Filter,
            KeyCode::Char('s') if self.view == View::Topics => {
                self.topic_sort = match self.topic_sort {
                    TopicSort::Name => TopicSort::Rate,
                    TopicSort::Rate => TopicSort::Size,
                    TopicSort::Size => TopicSort::Name,
                };
            }
            KeyCode::Down | KeyCode::Char('j') if self.view == View::Clients => {
                self.selected = self.selected.saturating_add(1);
                self.clamp_selection();
            }
            KeyCode::Up if self.view == View::Clients => {
                self.selected = self.selected.saturating_sub(1);
            }
            KeyCode::Enter if self.view == View::Clients && self.selected_client().is_some() => {
                self.mode = Mode::Detail;
            }
            KeyCode::Char('k') if self.view == View::Clients => match self.selected_client() {
                Some(row) if row.client.is_some() => {
                    self.mode = Mode::ConfirmKick(row.session.client_id.clone());
                }
                Some(row) => {
                    self.notice = Some(format!("{} is not connected", row.session.client_id));
                }
                None => {}
            },
            _ => {}
        }
        Action::None
    }
}

/// Each group's leader in a frame: the one most nodes name (ties to the lowest id), or `None`
/// when no node names one.
pub fn group_leaders(frame: &pb::StatusFrame) -> BTreeMap<String, Option<u64>> {
    let mut votes: BTreeMap<String, BTreeMap<u64, usize>> = BTreeMap::new();
    for node in &frame.nodes {
        for g in &node.raft {
            let tally = votes.entry(g.group.clone()).or_default();
            if let Some(leader) = g.leader_id {
                *tally.entry(leader).or_default() += 1;
            }
        }
    }
    votes
        .into_iter()
        .map(|(group, tally)| {
            let leader = tally
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(id, _)| *id);
            (group, leader)
        })
        .collect()
}

fn push(history: &mut VecDeque<u64>, value: u64) {
    if history.len() == HISTORY {
        history.pop_front();
    }
    history.push_back(value);
}

#[cfg(test)]
pub(crate) mod tests {
    use ratatui::crossterm::event::KeyEventKind;

    use super::*;

    /// A key press without modifiers.
    pub(crate) fn key(code: KeyCode) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            state: ratatui::crossterm::event::KeyEventState::NONE,
        }
    }

    fn raft(group: &str, role: &str, leader: Option<u64>) -> pb::RaftStatus {
        pb::RaftStatus {
            group: group.to_owned(),
            role: role.to_owned(),
            leader_id: leader,
            ..Default::default()
        }
    }

    fn frame(leaders: &[Option<u64>], rate_in: f64) -> pb::StatusFrame {
        pb::StatusFrame {
            nodes: leaders
                .iter()
                .enumerate()
                .map(|(i, l)| pb::NodeStatus {
                    node_id: i as u64 + 1,
                    connections: 2,
                    messages_in_per_sec: rate_in,
                    raft: vec![raft("metadata", "follower", *l)],
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn frames_feed_cluster_totals_and_a_bounded_history() {
        let mut app = App::new("t".into());
        for _ in 0..HISTORY + 5 {
            app.apply(Update::Frame(frame(&[Some(1), Some(1)], 10.4)));
        }
        assert_eq!(app.rate_in.len(), HISTORY);
        assert_eq!(app.rate_in.back(), Some(&21));
        assert_eq!(app.connections.back(), Some(&4));
        assert_eq!(app.link, Link::Connected);
    }

    #[test]
    fn a_leader_change_is_highlighted_for_a_few_frames() {
        let mut app = App::new("t".into());
        app.apply(Update::Frame(frame(&[Some(1), Some(1), Some(1)], 0.0)));
        assert_eq!(app.recent_leader_change("metadata"), None);
        app.apply(Update::Frame(frame(&[None, Some(2), Some(2)], 0.0)));
        assert_eq!(app.recent_leader_change("metadata"), Some(Some(1)));
        for _ in 0..LEADER_CHANGE_FRAMES {
            app.apply(Update::Frame(frame(&[Some(2), Some(2), Some(2)], 0.0)));
        }
        assert_eq!(app.recent_leader_change("metadata"), None);
    }

    #[test]
    fn disconnect_keeps_the_last_frame() {
        let mut app = App::new("t".into());
        app.apply(Update::Frame(frame(&[Some(1)], 1.0)));
        app.apply(Update::Disconnected("connection refused".into()));
        assert!(app.frame.is_some());
        assert_eq!(app.link, Link::Disconnected("connection refused".into()));
    }

    fn topic(name: &str, latest: u64, earliest: u64) -> pb::Topic {
        pb::Topic {
            name: name.to_owned(),
            partitions: 1,
            storage: "EngineSegment".to_owned(),
            partition_status: vec![pb::PartitionStatus {
                latest,
                earliest,
                size_bytes: latest * 10,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn topic_rates_come_from_offsets_and_survive_odd_data() {
        let mut app = App::new("t".into());
        app.apply(Update::Topics {
            topics: vec![topic("a", 100, 0), topic("b", 50, 0)],
            at_ms: 1_000,
        });
        app.apply(Update::Topics {
            topics: vec![topic("a", 300, 0), topic("b", 10, 0), topic("c", 5, 9)],
            at_ms: 3_000,
        });
        let a = &app.topics[0];
        assert_eq!((a.name.as_str(), a.rate), ("a", 100.0));
        assert_eq!(app.topics[1].rate, 0.0, "b went backwards: recreated");
        assert_eq!(app.topics[2].messages, 0, "earliest past latest");
    }

    /// A topic that carries traffic without shards of its own counts what was published to it,
    /// and shows the `$mqtt` shard that holds it where a storage type would be.
    #[test]
    fn a_topic_stored_in_mqtt_counts_its_messages_and_names_its_shard() {
        let mut app = App::new("t".into());
        let traffic = |messages_in| pb::Topic {
            name: "sensors/a".to_owned(),
            storage: "EngineMemory".to_owned(),
            stored_in: "$mqtt#0".to_owned(),
            messages_in,
            ..Default::default()
        };
        app.apply(Update::Topics {
            topics: vec![traffic(1_000)],
            at_ms: 1_000,
        });
        app.apply(Update::Topics {
            topics: vec![traffic(3_000)],
            at_ms: 2_000,
        });
        let row = &app.topics[0];
        assert_eq!(row.messages, 3_000);
        assert_eq!(row.rate, 2_000.0);
        assert_eq!(row.storage, "$mqtt#0");
        assert_eq!(row.partitions, 0);
    }

    #[test]
    fn topics_sort_and_filter() {
        let mut app = App::new("t".into());
        app.apply(Update::Topics {
            topics: vec![topic("b/x", 1, 0), topic("a/x", 9, 0), topic("c", 5, 0)],
            at_ms: 1,
        });
        app.on_key(key(KeyCode::Char('3')));
        assert_eq!(app.view, View::Topics);
        app.on_key(key(KeyCode::Char('s')));
        app.on_key(key(KeyCode::Char('s')));
        assert_eq!(app.topic_sort, TopicSort::Size);
        let names: Vec<&str> = app
            .visible_topics()
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(names, ["a/x", "c", "b/x"]);
        for k in [
            KeyCode::Char('/'),
            KeyCode::Char('/'),
            KeyCode::Char('x'),
            KeyCode::Enter,
        ] {
            app.on_key(key(k));
        }
        assert_eq!(app.filter(), "/x");
        assert_eq!(app.visible_topics().len(), 2);
        assert_eq!(app.mode, Mode::Normal);
    }

    fn clients_app() -> App {
        let mut app = App::new("t".into());
        let session = |id: &str, connected| pb::Session {
            client_id: id.to_owned(),
            connected,
            ..Default::default()
        };
        let client = |id: &str| pb::Client {
            client_id: id.to_owned(),
            ..Default::default()
        };
        app.apply(Update::Clients {
            clients: vec![client("dev-2"), client("late")],
            sessions: vec![session("dev-2", true), session("dev-1", false)],
        });
        app.on_key(key(KeyCode::Char('4')));
        app
    }

    #[test]
    fn kick_needs_a_connected_client_and_a_y() {
        let mut app = clients_app();
        let ids: Vec<&str> = app
            .visible_clients()
            .iter()
            .map(|c| c.session.client_id.as_str())
            .collect();
        assert_eq!(ids, ["dev-1", "dev-2", "late"]);
        assert_eq!(app.on_key(key(KeyCode::Char('k'))), Action::None);
        assert_eq!(app.mode, Mode::Normal, "dev-1 is not connected");
        app.on_key(key(KeyCode::Down));
        app.on_key(key(KeyCode::Char('k')));
        assert_eq!(app.mode, Mode::ConfirmKick("dev-2".into()));
        assert_eq!(app.on_key(key(KeyCode::Char('n'))), Action::None);
        app.on_key(key(KeyCode::Char('k')));
        assert_eq!(
            app.on_key(key(KeyCode::Char('y'))),
            Action::Kick("dev-2".into())
        );
    }

    #[test]
    fn selection_stays_inside_the_filtered_list() {
        let mut app = clients_app();
        for _ in 0..10 {
            app.on_key(key(KeyCode::Down));
        }
        assert_eq!(app.selected, 2);
        for k in [KeyCode::Char('/'), KeyCode::Char('d'), KeyCode::Enter] {
            app.on_key(key(k));
        }
        assert_eq!(app.selected, 1);
        app.apply(Update::Clients {
            clients: vec![],
            sessions: vec![],
        });
        assert_eq!(app.selected, 0);
        assert_eq!(app.on_key(key(KeyCode::Enter)), Action::None);
        assert_eq!(app.mode, Mode::Normal, "no detail without a session");
    }

    #[test]
    fn views_cycle_and_quit_keys_quit() {
        let mut app = App::new("t".into());
        app.on_key(key(KeyCode::BackTab));
        assert_eq!(app.view, View::Connectors);
        app.on_key(key(KeyCode::Tab));
        assert_eq!(app.view, View::Overview);
        app.on_key(key(KeyCode::Char('?')));
        assert_eq!(app.mode, Mode::Help);
        assert_eq!(
            app.on_key(key(KeyCode::Char('q'))),
            Action::None,
            "closes help"
        );
        assert_eq!(app.on_key(key(KeyCode::Char('q'))), Action::Quit);
    }
}
