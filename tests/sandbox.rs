//! Rule scripts run sandboxed: each limit stops a runaway script with a
//! message naming the script and the place, nothing is written, and script
//! output never reaches stdout.

mod common;

use common::{linecard, write};

fn check_rules(script: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rules/x.rhai", script);
    let out = linecard(dir.path())
        .args(["check", "--rules", "rules"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn endless_recursion_is_stopped_at_the_call_depth_limit() {
    let (code, _, stderr) = check_rules("fn f(n) { f(n + 1) }\nf(0);\n");
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        concat!(
            "error: rules/x.rhai:2:1: functions called each other more than 48 levels deep and were stopped: look for recursion without an end\n",
            "  |\n",
            "2 | f(0);\n",
            "  | ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_huge_string_is_stopped_at_the_string_limit() {
    let (code, _, stderr) = check_rules("let s = \"x\";\nloop { s += s; }\n");
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error: rules/x.rhai:2:10: a string grew past the sandbox limit of 65536 bytes and the script was stopped\n"
        ),
        "{stderr}"
    );
}

#[test]
fn a_huge_array_is_stopped_at_the_array_limit() {
    let (code, _, stderr) = check_rules("let a = [1];\nloop { a += a; }\n");
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error: rules/x.rhai:2:10: an array grew past the sandbox limit of 100000 items and the script was stopped\n"
        ),
        "{stderr}"
    );
}

#[test]
fn importing_a_file_is_refused() {
    let (code, _, stderr) = check_rules("import \"../../etc/passwd\" as p;\n");
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error: rules/x.rhai:1:8: cannot import \"../../etc/passwd\": rule scripts may not import modules or read files\n"
        ),
        "{stderr}"
    );
}

#[test]
fn print_and_debug_never_reach_stdout() {
    let (code, stdout, stderr) = check_rules(
        "print(\"hello from the rules\");\ndebug(\"dbg\");\nmetric(\"nps\", #{ owner: \"shared\", target: 30 });\n",
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "rules ok: 1 rule script, 1 metric in the catalogue; no inputs given, so only the rules were checked\n"
    );
    assert!(!stderr.contains("hello"));
}

#[test]
fn a_deeply_nested_expression_is_refused() {
    let script = format!("let x = {}1{};\n", "(".repeat(80), ")".repeat(80));
    let (code, _, stderr) = check_rules(&script);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: rules/x.rhai:1:40: an expression is nested more than 64 levels deep: split it into smaller steps with let\n"),
        "{stderr}"
    );
}

#[test]
fn a_huge_map_is_stopped_at_the_map_limit() {
    // The limit counts the entries of maps inside a map too: a map of 100
    // entries set 101 times into another passes 10,000 in a few hundred
    // operations, with 101 size checks of the outer map. Setting 10,001
    // single entries instead checks a growing map 10,001 times (~0.5 s in
    // a debug build), which under load ran past the 2 s wall clock and
    // was stopped by it instead; this stops in milliseconds.
    let hundred: Vec<String> = (0..100).map(|i| format!("k{i}: {i}")).collect();
    let script = format!(
        "let hundred = #{{{}}};\nlet m = #{{}};\nfor i in 0..200 {{ m.set(\"g\" + i, hundred); }}\n",
        hundred.join(", ")
    );
    let (code, _, stderr) = check_rules(&script);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        concat!(
            "error: rules/x.rhai:3:21: a map grew past the sandbox limit of 10000 entries and the script was stopped\n",
            "  |\n",
            "3 | for i in 0..200 { m.set(\"g\" + i, hundred); }\n",
            "  |                     ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_slow_script_is_stopped_by_the_wall_clock() {
    // Each step copies a 60 KB string: the operation count stays low, the
    // time does not. The clock is read every 1,024 operations, so the caret
    // lands on whichever step of line 4 that was.
    let (code, _, stderr) =
        check_rules("let s = \"\";\ns.pad(60000, \"y\");\nloop {\n    let t = s + \"z\";\n}\n");
    assert_eq!(code, 1);
    let first = stderr.lines().next().unwrap();
    assert!(first.starts_with("error: rules/x.rhai:4:"), "{stderr}");
    assert!(
        first.ends_with(": the script ran longer than its 2 s budget and was stopped"),
        "{stderr}"
    );
    assert!(stderr.contains("4 |     let t = s + \"z\";\n"), "{stderr}");
    assert!(stderr.ends_with("linecard: 1 problem found; nothing was written\n"));
}
