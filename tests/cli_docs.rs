//! The checked-in shell completions and man pages are what the binaries generate now. When this
//! fails, regenerate them with `scripts/gen-cli-docs.sh` and commit the result.

use robustmq_tests::{run, workspace_root};

const SHELLS: [(&str, &str); 4] = [
    ("bash", "{bin}.bash"),
    ("zsh", "_{bin}"),
    ("fish", "{bin}.fish"),
    ("powershell", "_{bin}.ps1"),
];

#[test]
fn checked_in_completions_are_current() {
    let root = workspace_root();
    for bin in ["robustmqd", "robustmqctl"] {
        for (shell, pattern) in SHELLS {
            let out = run(bin, &["completions", shell], &root, &[]);
            assert_eq!(out.status.code(), Some(0));
            let file = root.join("completions").join(pattern.replace("{bin}", bin));
            let checked_in = std::fs::read(&file)
                .unwrap_or_else(|e| panic!("{}: {e}; run scripts/gen-cli-docs.sh", file.display()));
            assert!(
                checked_in == out.stdout,
                "{} is stale: run scripts/gen-cli-docs.sh",
                file.display()
            );
        }
    }
}

#[test]
fn checked_in_man_pages_are_current() {
    let root = workspace_root();
    for bin in ["robustmqd", "robustmqctl"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = run(
            bin,
            &["man", dir.path().to_str().expect("utf-8")],
            &root,
            &[],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut generated: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        generated.sort();
        assert!(!generated.is_empty());
        for name in generated {
            let fresh = std::fs::read(dir.path().join(&name)).expect("read");
            let file = root.join("man").join(&name);
            let checked_in = std::fs::read(&file)
                .unwrap_or_else(|e| panic!("{}: {e}; run scripts/gen-cli-docs.sh", file.display()));
            assert!(
                fresh == checked_in,
                "{} is stale: run scripts/gen-cli-docs.sh",
                file.display()
            );
        }
    }
}

#[test]
fn help_texts_match_the_golden_files() {
    let root = workspace_root();
    for (args, file) in [
        (&["--help"][..], "robustmqctl-help.txt"),
        (
            &["topic", "create", "--help"],
            "robustmqctl-topic-create-help.txt",
        ),
        (
            &["rewrite", "add", "--help"],
            "robustmqctl-rewrite-add-help.txt",
        ),
        (
            &["auto-subscribe", "add", "--help"],
            "robustmqctl-auto-subscribe-add-help.txt",
        ),
    ] {
        let out = run("robustmqctl", args, &root, &[]);
        assert_eq!(out.status.code(), Some(0));
        let path = root.join("tests/golden").join(file);
        let golden = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run scripts/gen-cli-docs.sh", path.display()));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            golden,
            "`robustmqctl {}` changed: if on purpose, run scripts/gen-cli-docs.sh",
            args.join(" ")
        );
    }
}
