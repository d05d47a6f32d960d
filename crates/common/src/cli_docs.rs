//! Man pages generated from a binary's clap definition, so that flags are defined once and
//! `--help`, the man pages and the completions cannot disagree.

use std::io::Write as _;
use std::path::Path;

/// Writes `<name>.1` for `cmd` and `<name>-<sub>.1` for every subcommand, recursively, into `dir`
/// (created if missing). `<name>` is the command's name.
///
/// # Errors
/// The I/O error of creating `dir` or writing a page.
pub fn write_man_pages(cmd: &clap::Command, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut cmd = cmd.clone();
    cmd.build();
    let name = cmd.get_name().to_owned();
    write_page(dir, &cmd, &name)
}

fn write_page(dir: &Path, cmd: &clap::Command, name: &str) -> std::io::Result<()> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone().name(name.to_owned())).render(&mut buf)?;
    std::fs::File::create(dir.join(format!("{name}.1")))?.write_all(&buf)?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        write_page(dir, sub, &format!("{name}-{}", sub.get_name()))?;
    }
    Ok(())
}
