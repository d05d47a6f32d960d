//! Pure render functions: [`App`] in, widgets out. No I/O and no clock, so every view is
//! snapshot-tested on a `TestBackend` from recorded frames.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Sparkline, Table, TableState, Tabs};

use crate::app::{App, Link, Mode, TopicSort, View};

/// Draws the whole dashboard.
pub fn render(frame: &mut Frame, app: &App) {
    let [header, tabs, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    render_header(frame, app, header);
    let titles = View::ALL
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{} {}", i + 1, v.title()));
    let selected = View::ALL.iter().position(|v| *v == app.view);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .highlight_style(Style::new().bold().reversed()),
        tabs,
    );
    match app.view {
        View::Overview => render_overview(frame, app, body),
        View::Raft => render_raft(frame, app, body),
        View::Topics => render_topics(frame, app, body),
        View::Clients => render_clients(frame, app, body),
        View::Connectors => render_connectors(frame, app, body),
    }
    render_footer(frame, app, footer);
    match &app.mode {
        Mode::Help => render_help(frame),
        Mode::Detail => render_detail(frame, app),
        Mode::ConfirmKick(id) => render_confirm(frame, id),
        Mode::Normal | Mode::Filter => {}
    }
}

fn render_header(frame: &mut Frame, app: &App, area: Rect) {
    let mut spans = vec![Span::from(" RobustMQ ").bold().reversed()];
    if let Some(f) = &app.frame {
        spans.push(Span::from(format!(
            " cluster {}  node {}",
            f.cluster, f.node_id
        )));
    }
    spans.push(Span::from(format!("  {}  ", app.target)));
    spans.push(match &app.link {
        Link::Connecting => Span::from("connecting…").fg(Color::Yellow),
        Link::Connected => match app.frame.as_ref().and_then(|f| f.error.as_ref()) {
            Some(error) => Span::from(format!("● connected, {error}")).fg(Color::Yellow),
            None => Span::from("● connected").fg(Color::Green),
        },
        Link::Disconnected(reason) => {
            Span::from(format!("disconnected, retrying: {reason}")).fg(Color::Red)
        }
    });
    frame.render_widget(Line::from(spans), area);
}

fn render_footer(frame: &mut Frame, app: &App, area: Rect) {
    let line = if app.mode == Mode::Filter {
        Line::from(format!(
            " filter: {}▏ (enter to keep, esc to close)",
            app.filter()
        ))
    } else if let Some(notice) = &app.notice {
        Line::from(format!(" {notice}")).fg(Color::Yellow)
    } else {
        let extra = match app.view {
            View::Topics => "  / filter  s sort",
            View::Clients => "  / filter  ↑↓ select  enter detail  k kick",
            _ => "",
        };
        Line::from(format!(" ? help  q quit  tab or 1-5 views{extra}")).dim()
    };
    frame.render_widget(line, area);
}

/// `1.5 KiB`, `12.0 MiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A rate with a k or M suffix.
pub fn rate(r: f64) -> String {
    let r = if r.is_finite() { r.max(0.0) } else { 0.0 };
    if r >= 1_000_000.0 {
        format!("{:.1}M", r / 1_000_000.0)
    } else if r >= 10_000.0 {
        format!("{:.1}k", r / 1000.0)
    } else {
        format!("{r:.0}")
    }
}

fn opt(v: Option<u64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// `HH:MM:SS` UTC of Unix milliseconds.
fn clock(ms: i64) -> String {
    let secs = ms.max(0) / 1000 % 86_400;
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

fn header_row(cells: &[&'static str]) -> Row<'static> {
    Row::new(cells.iter().copied())
        .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED))
}

fn waiting(frame: &mut Frame, area: Rect, title: &str) {
    frame.render_widget(
        Paragraph::new("waiting for the first status frame…")
            .block(Block::bordered().title(title.to_owned())),
        area,
    );
}

fn render_overview(frame: &mut Frame, app: &App, area: Rect) {
    let Some(status) = &app.frame else {
        return waiting(frame, area, " Nodes ");
    };
    let node_rows = status.nodes.len() as u16 + 4;
    let [nodes_area, charts] =
        Layout::vertical([Constraint::Length(node_rows), Constraint::Min(3)]).areas(area);
    let mut rows: Vec<Row> = status
        .nodes
        .iter()
        .map(|n| {
            let liveness_style = match n.liveness.as_str() {
                "alive" => Style::new().fg(Color::Green),
                "suspect" | "unknown" => Style::new().fg(Color::Yellow),
                _ => Style::new().fg(Color::Red),
            };
            let mut cells = vec![
                Cell::from(n.node_id.to_string()),
                Cell::from(n.roles.join(",")),
                Cell::from(n.liveness.clone()).style(liveness_style),
            ];
            if let Some(error) = &n.error {
                cells.extend((0..5).map(|_| Cell::from("-")));
                cells.push(Cell::from(error.clone()).fg(Color::Red));
            } else {
                cells.extend([
                    Cell::from(n.connections.to_string()),
                    Cell::from(rate(n.messages_in_per_sec)),
                    Cell::from(rate(n.messages_out_per_sec)),
                    Cell::from(format!("{:.1}", n.cpu_percent.max(0.0))),
                    Cell::from(bytes(n.rss_bytes)),
                ]);
            }
            Row::new(cells)
        })
        .collect();
    let live = status.nodes.iter().filter(|n| n.error.is_none());
    let (mut conns, mut rin, mut rout, mut rss) = (0u64, 0.0, 0.0, 0u64);
    for n in live {
        conns = conns.saturating_add(n.connections);
        rin += n.messages_in_per_sec.max(0.0);
        rout += n.messages_out_per_sec.max(0.0);
        rss = rss.saturating_add(n.rss_bytes);
    }
    rows.push(
        Row::new(vec![
            "total".to_owned(),
            format!("{} nodes", status.nodes.len()),
            String::new(),
            conns.to_string(),
            rate(rin),
            rate(rout),
            String::new(),
            bytes(rss),
        ])
        .bold(),
    );
    let table = Table::new(
        rows,
        [
            Constraint::Length(6),
            Constraint::Length(20),
            Constraint::Length(9),
            Constraint::Length(11),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(6),
            Constraint::Length(10),
            Constraint::Min(10),
        ],
    )
    .header(header_row(&[
        "NODE",
        "ROLES",
        "LIVENESS",
        "CONNECTIONS",
        "MSG IN/s",
        "MSG OUT/s",
        "CPU%",
        "RSS",
        "",
    ]))
    .block(Block::bordered().title(" Nodes "));
    frame.render_widget(table, nodes_area);

    let [a, b, c] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(charts);
    let spark = |title: String, data: &std::collections::VecDeque<u64>, color: Color| {
        let width = usize::from(a.width.saturating_sub(2));
        let skip = data.len().saturating_sub(width);
        let data: Vec<u64> = data.iter().skip(skip).copied().collect();
        Sparkline::default()
            .block(Block::bordered().title(title))
            .data(data)
            .style(Style::new().fg(color))
    };
    let last = |d: &std::collections::VecDeque<u64>| d.back().copied().unwrap_or(0);
    frame.render_widget(
        spark(
            format!(" msg/s in {} ", rate(last(&app.rate_in) as f64)),
            &app.rate_in,
            Color::Cyan,
        ),
        a,
    );
    frame.render_widget(
        spark(
            format!(" msg/s out {} ", rate(last(&app.rate_out) as f64)),
            &app.rate_out,
            Color::Magenta,
        ),
        b,
    );
    frame.render_widget(
        spark(
            format!(" connections {} ", last(&app.connections)),
            &app.connections,
            Color::Green,
        ),
        c,
    );
}

fn render_raft(frame: &mut Frame, app: &App, area: Rect) {
    let Some(status) = &app.frame else {
        return waiting(frame, area, " Raft ");
    };
    let mut entries: Vec<(&str, u64, &robustmq_proto::admin::RaftStatus)> = status
        .nodes
        .iter()
        .flat_map(|n| n.raft.iter().map(move |g| (g.group.as_str(), n.node_id, g)))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
    let rows: Vec<Row> = entries
        .iter()
        .map(|(group, node, g)| {
            let change = app.recent_leader_change(group);
            let note = match change {
                Some(before) => format!("leader changed {} → {}", opt(before), opt(g.leader_id)),
                None => String::new(),
            };
            let lag = g
                .replication
                .iter()
                .map(|r| format!("{}:{}", r.node_id, r.lag))
                .collect::<Vec<_>>()
                .join(" ");
            let role_style = match g.role.as_str() {
                "leader" => Style::new().fg(Color::Green).bold(),
                "candidate" => Style::new().fg(Color::Yellow),
                _ => Style::new(),
            };
            let row = Row::new(vec![
                Cell::from((*group).to_owned()),
                Cell::from(node.to_string()),
                Cell::from(g.role.clone()).style(role_style),
                Cell::from(g.term.to_string()),
                Cell::from(opt(g.leader_id)),
                Cell::from(opt(g.last_log)),
                Cell::from(opt(g.committed)),
                Cell::from(opt(g.applied)),
                Cell::from(lag),
                Cell::from(note),
            ]);
            if change.is_some() {
                row.style(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD))
            } else {
                row
            }
        })
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(
        rows,
        [
            Constraint::Length(10),
            Constraint::Length(5),
            Constraint::Length(9),
            Constraint::Length(5),
            Constraint::Length(7),
            Constraint::Length(9),
            Constraint::Length(10),
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Min(10),
        ],
    )
    .header(header_row(&[
        "GROUP",
        "NODE",
        "ROLE",
        "TERM",
        "LEADER",
        "LAST LOG",
        "COMMITTED",
        "APPLIED",
        "LAG",
        "",
    ]))
    .block(Block::bordered().title(" Raft groups, as each node sees them "));
    frame.render_widget(table, area);
    if empty {
        let inner = area.inner(ratatui::layout::Margin::new(1, 2));
        frame.render_widget(
            Paragraph::new("no node in this frame runs the meta role"),
            inner,
        );
    }
}

fn render_topics(frame: &mut Frame, app: &App, area: Rect) {
    let sort = match app.topic_sort {
        TopicSort::Name => "name",
        TopicSort::Rate => "msg/s",
        TopicSort::Size => "size",
    };
    let filter = app.filters.get("topics").map_or("", String::as_str);
    let visible = app.visible_topics();
    let title = format!(
        " Topics: {} of {}, by {sort}{} ",
        visible.len(),
        app.topics.len(),
        if filter.is_empty() {
            String::new()
        } else {
            format!(", matching \"{filter}\"")
        }
    );
    let rows: Vec<Row> = visible
        .iter()
        .map(|t| {
            Row::new(vec![
                t.name.clone(),
                t.storage.clone(),
                t.partitions.to_string(),
                rate(t.rate),
                t.messages.to_string(),
                bytes(t.size_bytes),
                t.retention_ms
                    .map_or_else(|| "forever".to_owned(), |ms| format!("{}s", ms / 1000)),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Min(16),
            Constraint::Length(14),
            Constraint::Length(6),
            Constraint::Length(8),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(10),
        ],
    )
    .header(header_row(&[
        "NAME",
        "STORAGE",
        "PARTS",
        "MSG/s",
        "MESSAGES",
        "SIZE",
        "RETENTION",
    ]))
    .block(Block::bordered().title(title));
    frame.render_widget(table, area);
}

fn render_clients(frame: &mut Frame, app: &App, area: Rect) {
    let filter = app.filters.get("clients").map_or("", String::as_str);
    let visible = app.visible_clients();
    let title = format!(
        " Sessions: {} of {}{} ",
        visible.len(),
        app.clients.len(),
        if filter.is_empty() {
            String::new()
        } else {
            format!(", matching \"{filter}\"")
        }
    );
    let rows: Vec<Row> = visible
        .iter()
        .map(|c| {
            let s = &c.session;
            let (state, style) = if s.connected {
                ("connected", Style::new().fg(Color::Green))
            } else {
                ("offline", Style::new().dim())
            };
            let (user, peer, protocol, keep_alive, since) = match &c.client {
                Some(cl) => (
                    cl.username.clone().unwrap_or_default(),
                    cl.peer.clone(),
                    cl.protocol.clone(),
                    format!("{}s", cl.keep_alive),
                    clock(cl.connected_ms),
                ),
                None => Default::default(),
            };
            Row::new(vec![
                Cell::from(s.client_id.clone()),
                Cell::from(state).style(style),
                Cell::from(user),
                Cell::from(peer),
                Cell::from(protocol),
                Cell::from(keep_alive),
                Cell::from(since),
                Cell::from(s.subscriptions.len().to_string()),
                Cell::from(s.inflight.to_string()),
                Cell::from(s.queued.to_string()),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Min(14),
            Constraint::Length(9),
            Constraint::Length(8),
            Constraint::Length(21),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(8),
            Constraint::Length(4),
            Constraint::Length(8),
            Constraint::Length(6),
        ],
    )
    .header(header_row(&[
        "CLIENT ID",
        "STATE",
        "USER",
        "PEER",
        "PROTO",
        "KEEP",
        "SINCE",
        "SUBS",
        "INFLIGHT",
        "QUEUED",
    ]))
    .row_highlight_style(Style::new().reversed())
    .highlight_symbol("> ")
    .block(Block::bordered().title(title));
    let mut state =
        TableState::default().with_selected((!visible.is_empty()).then_some(app.selected));
    frame.render_stateful_widget(table, area, &mut state);
}

fn render_connectors(frame: &mut Frame, app: &App, area: Rect) {
    let list = &app.connectors;
    let rows: Vec<Row> = list
        .connectors
        .iter()
        .map(|c| {
            Row::new(vec![
                c.name.clone(),
                c.connector_type.clone(),
                c.status.clone(),
                opt(c.task_node),
                c.lag.to_string(),
            ])
        })
        .collect();
    let note = if list.available_types.is_empty() {
        " no connector types are available in this build ".to_owned()
    } else {
        format!(" available types: {} ", list.available_types.join(", "))
    };
    let table = Table::new(
        rows,
        [
            Constraint::Min(16),
            Constraint::Length(14),
            Constraint::Length(9),
            Constraint::Length(10),
            Constraint::Length(10),
        ],
    )
    .header(header_row(&["NAME", "TYPE", "STATUS", "TASK NODE", "LAG"]))
    .block(
        Block::bordered()
            .title(format!(" Connectors: {} ", list.connectors.len()))
            .title_bottom(note),
    );
    frame.render_widget(table, area);
}

/// A centred box of `width` by `height` cells, cleared.
fn popup(frame: &mut Frame, width: u16, height: u16, title: &str) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(frame.area());
    let [area] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, area);
    let block = Block::bordered().title(title.to_owned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

fn render_help(frame: &mut Frame) {
    let lines = [
        "1-5, tab, shift-tab  switch view",
        "?                    this help",
        "q, esc, ctrl-c       quit",
        "/                    filter (Topics, Clients)",
        "s                    sort topics: name, msg/s, size",
        "up, down, j          select a session",
        "enter                session detail",
        "k                    kick the selected client (asks first)",
        "",
        "any key closes this help",
    ];
    let inner = popup(frame, 62, lines.len() as u16 + 2, " Keys ");
    frame.render_widget(Paragraph::new(lines.map(Line::from).to_vec()), inner);
}

fn render_detail(frame: &mut Frame, app: &App) {
    let Some(row) = app.selected_client() else {
        return;
    };
    let s = &row.session;
    let mut lines = vec![
        Line::from(format!("client id   {}", s.client_id)),
        Line::from(format!("connected   {}", s.connected)),
        Line::from(format!(
            "expiry      {}",
            if s.expiry_interval == u32::MAX {
                "never".to_owned()
            } else {
                format!("{}s", s.expiry_interval)
            }
        )),
        Line::from(format!("inflight    {}", s.inflight)),
        Line::from(format!("queued      {}", s.queued)),
    ];
    if let Some(c) = &row.client {
        lines.push(Line::from(format!(
            "peer        {} ({} over {})",
            c.peer, c.protocol, c.transport
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from("subscriptions").bold());
    if s.subscriptions.is_empty() {
        lines.push(Line::from("  none"));
    }
    lines.extend(
        s.subscriptions
            .iter()
            .map(|sub| Line::from(format!("  {}  qos {}", sub.filter, sub.qos))),
    );
    let height = (lines.len() as u16 + 2).min(frame.area().height);
    let inner = popup(frame, 64, height, " Session ");
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_confirm(frame: &mut Frame, client_id: &str) {
    let inner = popup(frame, 50, 4, " Kick ");
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!("Disconnect {client_id}? Its session stays.")),
            Line::from("y to kick, any other key to cancel").dim(),
        ]),
        inner,
    );
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyCode;
    use robustmq_proto::admin as pb;

    use super::*;
    use crate::app::Update;
    use crate::app::tests::key;

    /// Frames recorded from a real 3-node cluster, with the leader of `metadata` killed between
    /// them, by `robustmqctl -o json cluster status --watch` (see the file's README).
    const FRAMES: &str = include_str!("../snapshots/frames.jsonl");

    fn recorded_app() -> App {
        let mut app = App::new("http://127.0.0.1:8080".into());
        for line in FRAMES.lines().filter(|l| !l.trim().is_empty()) {
            let frame: pb::StatusFrame = serde_json::from_str(line).expect("a recorded frame");
            app.apply(Update::Frame(frame));
        }
        let topic = |name: &str, storage: &str, latest: u64| pb::Topic {
            name: name.into(),
            partitions: 1,
            storage: storage.into(),
            retention_ms: Some(86_400_000),
            created_ms: 0,
            partition_status: vec![pb::PartitionStatus {
                partition: 0,
                shard: format!("{name}#0"),
                earliest: 0,
                latest,
                size_bytes: latest * 64,
                ..Default::default()
            }],
            ..Default::default()
        };
        app.apply(Update::Topics {
            topics: vec![
                topic("sensors", "EngineSegment", 1000),
                topic("orders", "EngineRocksDB", 10),
            ],
            at_ms: 1_000,
        });
        app.apply(Update::Topics {
            topics: vec![
                topic("sensors", "EngineSegment", 3000),
                topic("orders", "EngineRocksDB", 12),
            ],
            at_ms: 3_000,
        });
        let session = |id: &str, connected: bool| pb::Session {
            client_id: id.into(),
            connected,
            expiry_interval: 600,
            subscriptions: vec![pb::SessionSubscription {
                filter: "sensors/+/temp".into(),
                qos: 1,
            }],
            inflight: 2,
            queued: if connected { 0 } else { 17 },
        };
        app.apply(Update::Clients {
            clients: vec![pb::Client {
                client_id: "dev-7".into(),
                username: Some("plant".into()),
                peer: "10.0.0.7:50112".into(),
                protocol: "5.0".into(),
                transport: "tcp".into(),
                keep_alive: 60,
                connected_ms: 1_795_740_485_619,
            }],
            sessions: vec![session("dev-7", true), session("dev-3", false)],
        });
        app.apply(Update::Connectors(pb::ConnectorList::default()));
        app
    }

    fn screen(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(110, 24)).expect("terminal");
        terminal.draw(|f| render(f, app)).expect("draw");
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            let line: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect();
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// Compares with `snapshots/<name>.txt`; `UPDATE_SNAPSHOTS=1` rewrites it instead.
    fn assert_snapshot(name: &str, actual: &str) {
        // At run time, not compiled in: a test binary may be reused from another checkout.
        let dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
        let path = std::path::Path::new(&dir)
            .join("snapshots")
            .join(format!("{name}.txt"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, actual).expect("write snapshot");
            return;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_SNAPSHOTS=1 creates it)", path.display()));
        assert_eq!(actual, expected, "{name} differs from {}", path.display());
    }

    #[test]
    fn overview_snapshot() {
        assert_snapshot("overview", &screen(&recorded_app()));
    }

    #[test]
    fn raft_snapshot_highlights_the_leader_change() {
        let mut app = recorded_app();
        app.on_key(key(KeyCode::Char('2')));
        let shown = screen(&app);
        assert!(shown.contains("leader changed"), "{shown}");
        assert_snapshot("raft", &shown);
    }

    #[test]
    fn topics_snapshot() {
        let mut app = recorded_app();
        app.on_key(key(KeyCode::Char('3')));
        app.on_key(key(KeyCode::Char('s')));
        assert_snapshot("topics", &screen(&app));
    }

    #[test]
    fn clients_snapshots_list_detail_and_kick() {
        let mut app = recorded_app();
        app.on_key(key(KeyCode::Char('4')));
        assert_snapshot("clients", &screen(&app));
        app.on_key(key(KeyCode::Enter));
        assert_snapshot("clients-detail", &screen(&app));
        app.on_key(key(KeyCode::Esc));
        app.on_key(key(KeyCode::Down));
        app.on_key(key(KeyCode::Char('k')));
        assert_snapshot("clients-kick", &screen(&app));
    }

    #[test]
    fn connectors_snapshot() {
        let mut app = recorded_app();
        app.on_key(key(KeyCode::Char('5')));
        assert_snapshot("connectors", &screen(&app));
    }

    #[test]
    fn disconnected_and_help_snapshot() {
        let mut app = recorded_app();
        app.apply(Update::Disconnected(
            "cannot reach http://127.0.0.1:8080: Connection refused".into(),
        ));
        app.on_key(key(KeyCode::Char('?')));
        assert_snapshot("disconnected-help", &screen(&app));
    }

    #[test]
    fn odd_data_renders_without_panicking() {
        let mut app = App::new("x".into());
        let node = pb::NodeStatus {
            messages_in_per_sec: f64::NAN,
            messages_out_per_sec: -5.0,
            cpu_percent: f64::INFINITY,
            rss_bytes: u64::MAX,
            connections: u64::MAX,
            raft: vec![pb::RaftStatus::default()],
            ..Default::default()
        };
        app.apply(Update::Frame(pb::StatusFrame {
            nodes: vec![node.clone(), node],
            ..Default::default()
        }));
        for view in ['1', '2', '3', '4', '5'] {
            app.on_key(key(KeyCode::Char(view)));
            let mut terminal = Terminal::new(TestBackend::new(20, 5)).expect("terminal");
            terminal.draw(|f| render(f, &app)).expect("a tiny terminal");
            screen(&app);
        }
    }

    #[test]
    fn sizes_and_rates_are_short() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(rate(12_345.0), "12.3k");
        assert_eq!(rate(f64::NAN), "0");
        assert_eq!(clock(3_723_000), "01:02:03");
    }
}
