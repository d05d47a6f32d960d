//! Pure render functions: [`App`] in, widgets out. No I/O, so they are tested on a `TestBackend`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Sparkline};

use crate::app::App;

/// Draws the whole dashboard.
pub fn render(frame: &mut Frame, app: &App) {
    let [header, node, charts, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(7),
        Constraint::Min(6),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    frame.render_widget(
        Line::from(vec![
            Span::from(" RobustMQ ").bold().reversed(),
            Span::from(format!(" {}", app.target)),
        ]),
        header,
    );
    render_node(frame, app, node);
    render_charts(frame, app, charts);
    let footer_text = match &app.error {
        Some(e) => Line::from(format!(" unreachable: {e}")).fg(Color::Red),
        None => Line::from(" q quit").dim(),
    };
    frame.render_widget(footer_text, footer);
}

fn render_node(frame: &mut Frame, app: &App, area: Rect) {
    let block = Block::bordered().title(" Node ");
    let lines = match &app.health {
        None => vec![Line::from("waiting for the first sample…")],
        Some(h) => {
            let status_style = if h.status == "ok" {
                Style::new().fg(Color::Green)
            } else {
                Style::new().fg(Color::Yellow)
            };
            vec![
                Line::from(vec![
                    Span::from("node "),
                    Span::from(h.node_id.to_string()).bold(),
                    Span::from("   status "),
                    Span::styled(h.status.clone(), status_style),
                    Span::from(format!("   version {}", h.version)),
                ]),
                Line::from(format!(
                    "roles {}   ready {}",
                    h.roles.join(","),
                    h.ready_roles.join(",")
                )),
                Line::from(format!(
                    "rss {:.1} MiB   threads {}   open fds {}",
                    app.metrics.rss_bytes / (1024.0 * 1024.0),
                    app.metrics.threads,
                    app.metrics.open_fds
                )),
                Line::from(format!("cpu {:.2} s total", app.metrics.cpu_seconds)),
            ]
        }
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn render_charts(frame: &mut Frame, app: &App, area: Rect) {
    let [cpu, rss] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let cpu_data: Vec<u64> = app.cpu_history.iter().copied().collect();
    let rss_data: Vec<u64> = app.rss_history.iter().copied().collect();
    let last_cpu = cpu_data.last().copied().unwrap_or(0);
    frame.render_widget(
        Sparkline::default()
            .block(Block::bordered().title(format!(" CPU {last_cpu}% ")))
            .data(&cpu_data)
            .style(Style::new().fg(Color::Cyan)),
        cpu,
    );
    frame.render_widget(
        Sparkline::default()
            .block(Block::bordered().title(" RSS "))
            .data(&rss_data)
            .style(Style::new().fg(Color::Magenta)),
        rss,
    );
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::client::{Health, ProcessMetrics};

    fn screen(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(80, 16)).expect("terminal");
        terminal.draw(|f| render(f, app)).expect("draw");
        let buffer = terminal.backend().buffer().clone();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn shows_node_identity_status_and_metrics() {
        let mut app = App::new("http://127.0.0.1:8080".to_owned());
        app.record(Ok((
            Health {
                status: "ok".to_owned(),
                node_id: 3,
                roles: vec!["meta".to_owned(), "broker".to_owned()],
                ready_roles: vec!["meta".to_owned(), "broker".to_owned()],
                version: "0.1.0".to_owned(),
            },
            ProcessMetrics {
                rss_bytes: 10.0 * 1024.0 * 1024.0,
                threads: 4.0,
                ..ProcessMetrics::default()
            },
        )));
        let text = screen(&app);
        assert!(text.contains("http://127.0.0.1:8080"), "{text}");
        assert!(
            text.contains("node 3   status ok   version 0.1.0"),
            "{text}"
        );
        assert!(text.contains("roles meta,broker"), "{text}");
        assert!(text.contains("rss 10.0 MiB   threads 4"), "{text}");
        assert!(text.contains("q quit"), "{text}");
    }

    #[test]
    fn shows_why_the_node_is_unreachable() {
        let mut app = App::new("http://127.0.0.1:1".to_owned());
        app.record(Err("connection refused".to_owned()));
        let text = screen(&app);
        assert!(text.contains("waiting for the first sample"), "{text}");
        assert!(text.contains("unreachable: connection refused"), "{text}");
    }
}
