//! `pirlint server` at the protocol level: the built binary, spoken to in
//! JSON-RPC over its standard input and output as an editor would.

mod common;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications read while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(dir: &Path) -> Client {
        Client::start_with(dir, &[])
    }

    /// Starts `pirlint server` with extra command-line arguments.
    fn start_with(dir: &Path, args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pirlint"))
            .arg("server")
            .args(args)
            .current_dir(dir)
            .env("PIRLINT_CACHE_DIR", PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache"))
            .env("PIRLINT_CACHE_KEY", PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache.key"))
            .env("PIRLINT_NOW", "2026-07-01T00:00:00Z")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client { child, stdin, messages, pending: Vec::new(), next_id: 0 }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        match self.messages.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in time; pending: {:#?}", self.pending),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + WAIT;
        loop {
            let message = self.next(deadline);
            if message["id"] == json!(id) && message.get("method").is_none() {
                assert!(message.get("error").is_none(), "{method} failed: {message}");
                return message["result"].clone();
            }
            self.pending.push(message);
        }
    }

    /// The next diagnostics published for `uri` that satisfy `accept`
    /// (earlier ones for it are skipped).
    fn diagnostics(&mut self, uri: &str, accept: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + WAIT;
        let matches = |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
        let mut seen = Vec::new();
        let pending = std::mem::take(&mut self.pending);
        for message in pending {
            if matches(&message) {
                seen.push(message);
            } else {
                self.pending.push(message);
            }
        }
        loop {
            for message in seen.drain(..) {
                let diagnostics = message["params"]["diagnostics"].as_array().unwrap().clone();
                if accept(&diagnostics) {
                    return diagnostics;
                }
            }
            let message = self.next(deadline);
            if matches(&message) {
                seen.push(message);
            } else {
                self.pending.push(message);
            }
        }
    }

    fn initialize(&mut self, root: &Path, encodings: &[&str]) -> Value {
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "capabilities": {"general": {"positionEncodings": encodings}},
                "workspaceFolders": [{"uri": uri(root), "name": "reports"}],
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn shutdown(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn with_rule<'a>(diagnostics: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == rule).collect()
}

fn has_rule(diagnostics: &[Value], rule: &str) -> bool {
    !with_rule(diagnostics, rule).is_empty()
}

fn at(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

/// The CDN outage example with non-ASCII text before a finding on its line
/// (`é` is one UTF-16 unit and two bytes, the emoji two units and four
/// bytes) and a leaked key, whose finding has a safe fix.
fn faulty_report() -> String {
    let text = std::fs::read_to_string(common::repo().join("examples/faulty/2026-06-cdn-outage.md")).unwrap();
    let text = text.replacen("The root cause was human error.", "The root cause é😀 was human error.", 1);
    text.replacen("# Root cause\n", "# Root cause\n\nThe deploy key AKIA2OGYBAH6RN7Q4XZD was in the job log.\n", 1)
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u32
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), "[policy]\nname = \"server test\"\n").unwrap();
    dir
}

/// Rewrites a file so that its size changes (the mtime may not, within
/// the file system's granularity).
fn rewrite(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn diagnostics_actions_hover_reload_and_shutdown_over_utf16() {
    let dir = workspace();
    let root = dir.path().canonicalize().unwrap();
    let report = root.join("2026-06-cdn-outage.md");
    let text = faulty_report();
    std::fs::write(&report, &text).unwrap();
    let doc = uri(&report);

    let mut client = Client::start(&root);
    let init = client.initialize(&root, &["utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "pirlint");

    // Open: diagnostics at once, positions in UTF-16 code units.
    client.open(&doc, &text);
    let diagnostics = client.diagnostics(&doc, |d| !d.is_empty());
    let line = line_of(&text, "é😀 was human error");
    let blame: Vec<&Value> =
        with_rule(&diagnostics, "blameless/blame-language").into_iter().filter(|d| d["range"]["start"]["line"] == line).collect();
    assert_eq!(blame.len(), 1, "{diagnostics:#?}");
    // "The root cause é😀 was " is 19 + 4 UTF-16 units (26 bytes).
    assert_eq!(blame[0]["range"]["start"], at(line, 23), "{:#?}", blame[0]);
    assert_eq!(blame[0]["range"]["end"], at(line, 23 + "human error".len() as u32));
    assert_eq!(blame[0]["source"], "pirlint");
    assert_eq!(blame[0]["severity"], 2);
    assert!(has_rule(&diagnostics, "secrets/credentials"));
    assert!(has_rule(&diagnostics, "blameless/named-blame"));

    // An incremental change, in UTF-16 positions: the finding goes.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": doc, "version": 2},
            "contentChanges": [{"range": {"start": at(line, 23), "end": at(line, 34)}, "text": "a config push"}],
        }),
    );
    let started = Instant::now();
    let diagnostics = client.diagnostics(&doc, |d| {
        !with_rule(d, "blameless/blame-language").iter().any(|x| x["range"]["start"]["line"] == line)
    });
    assert!(started.elapsed() >= Duration::from_millis(150), "the change was not debounced");
    assert!(has_rule(&diagnostics, "secrets/credentials"), "{diagnostics:#?}");
    let text = text.replacen("human error", "a config push", 1);

    // Code actions: the leaked key's safe fix, preferred.
    let key_line = line_of(&text, "AKIA2OGYBAH6RN7Q4XZD");
    let key_col = text.lines().nth(key_line as usize).unwrap().find("AKIA").unwrap() as u32;
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": doc},
            "range": {"start": at(key_line, key_col + 2), "end": at(key_line, key_col + 2)},
            "context": {"diagnostics": []},
        }),
    );
    let actions = actions.as_array().unwrap();
    let safe: Vec<&Value> = actions.iter().filter(|a| a["diagnostics"][0]["code"] == "secrets/credentials").collect();
    assert_eq!(safe.len(), 1, "{actions:#?}");
    let action = safe[0];
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], true);
    assert!(action["title"].as_str().unwrap().contains("(safe fix"), "{action:#?}");
    let edits = action["edit"]["changes"][&doc].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], "[REDACTED]");
    assert_eq!(edits[0]["range"]["start"], at(key_line, key_col));
    assert_eq!(edits[0]["range"]["end"], at(key_line, key_col + 20));

    // ... and a hindsight rewrite, unsafe, not preferred.
    let hindsight = line_of(&text, "failed to notice");
    let hindsight_col = text.lines().nth(hindsight as usize).unwrap().find("failed to notice").unwrap() as u32;
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": doc},
            "range": {"start": at(hindsight, hindsight_col), "end": at(hindsight, hindsight_col + 3)},
            "context": {"diagnostics": []},
        }),
    );
    let unsafe_fixes: Vec<&Value> =
        actions.as_array().unwrap().iter().filter(|a| a["diagnostics"][0]["code"] == "blameless/hindsight").collect();
    assert!(!unsafe_fixes.is_empty(), "{actions:#?}");
    for action in &unsafe_fixes {
        assert_eq!(action["isPreferred"], false);
        assert!(action["title"].as_str().unwrap().contains("unsafe fix"), "{action:#?}");
    }

    // Hover on the key: the finding and the rule's documentation.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": at(key_line, key_col + 5)}),
    );
    let contents = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(contents.contains("secrets/credentials"), "{contents}");
    assert!(contents.contains("Finds credentials anywhere in the report"), "{contents}");
    assert_eq!(hover["range"]["start"], at(key_line, key_col));
    // Nothing to say where there is no finding.
    let none = client.request("textDocument/hover", json!({"textDocument": {"uri": doc}, "position": at(0, 0)}));
    assert!(none.is_null() || !none["contents"]["value"].as_str().unwrap_or("").contains("secrets/"), "{none}");

    // The policy changes on disk (no client notification): reloaded.
    rewrite(&root.join("rules.toml"), "[policy]\nname = \"server test\"\n\n[rules.\"secrets/credentials\"]\nseverity = \"off\"\n");
    let diagnostics = client.diagnostics(&doc, |d| !has_rule(d, "secrets/credentials"));
    assert!(has_rule(&diagnostics, "blameless/named-blame"), "{diagnostics:#?}");

    // A broken policy: an error on rules.toml and on the report, no crash.
    rewrite(&root.join("rules.toml"), "[rules.\"secrets/credentials\"\nseverity = \"off\"\n");
    let policy_uri = uri(&root.join("rules.toml"));
    let on_policy = client.diagnostics(&policy_uri, |d| !d.is_empty());
    assert_eq!(on_policy[0]["severity"], 1, "{on_policy:#?}");
    let diagnostics = client.diagnostics(&doc, |d| has_rule(d, "pirlint/config"));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    // Fixed: the error is cleared and the findings come back.
    rewrite(&root.join("rules.toml"), "[policy]\nname = \"server test, fixed\"\n");
    client.diagnostics(&policy_uri, |d| d.is_empty());
    client.diagnostics(&doc, |d| has_rule(d, "secrets/credentials"));

    // Closing clears the document's diagnostics.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": doc}}));
    client.diagnostics(&doc, |d| d.is_empty());

    assert_eq!(client.shutdown(), 0);
}

#[test]
fn utf8_is_used_when_offered_and_each_folder_has_its_own_policy() {
    let a = workspace();
    let b = workspace();
    let (a_root, b_root) = (a.path().canonicalize().unwrap(), b.path().canonicalize().unwrap());
    // Folder b switches blameless/blame-language off.
    rewrite(&b_root.join("rules.toml"), "[rules.\"blameless/blame-language\"]\nseverity = \"off\"\n");
    let text = faulty_report();
    let (a_doc, b_doc) = (a_root.join("a.md"), b_root.join("b.md"));

    let mut client = Client::start(&a_root);
    let result = client.request(
        "initialize",
        json!({
            "processId": null,
            "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}},
            "workspaceFolders": [{"uri": uri(&a_root), "name": "a"}, {"uri": uri(&b_root), "name": "b"}],
        }),
    );
    client.notify("initialized", json!({}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");

    client.open(&uri(&a_doc), &text);
    let diagnostics = client.diagnostics(&uri(&a_doc), |d| !d.is_empty());
    let line = line_of(&text, "é😀 was human error");
    let blame: Vec<&Value> =
        with_rule(&diagnostics, "blameless/blame-language").into_iter().filter(|d| d["range"]["start"]["line"] == line).collect();
    // 19 + 7 bytes.
    assert_eq!(blame[0]["range"]["start"], at(line, 26), "{:#?}", blame[0]);

    client.open(&uri(&b_doc), &text);
    let diagnostics = client.diagnostics(&uri(&b_doc), |d| !d.is_empty());
    assert!(!has_rule(&diagnostics, "blameless/blame-language"), "{diagnostics:#?}");
    assert!(has_rule(&diagnostics, "blameless/named-blame"));

    // A client that leaves without `shutdown` gets exit code 1.
    client.notify("exit", Value::Null);
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = client.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
}

/// The size and modification time the server's poll compares.
fn stamp(path: &Path) -> (u64, std::time::SystemTime) {
    let meta = std::fs::metadata(path).unwrap();
    (meta.len(), meta.modified().unwrap())
}

/// Rewrites a file with text of the same length and puts its modification
/// time back, so the server's poll cannot see the change: only a client's
/// `workspace/didChangeWatchedFiles` can.
fn rewrite_unseen(path: &Path, text: &str) {
    let before = stamp(path);
    assert_eq!(before.0, text.len() as u64, "the new text must keep the size");
    std::fs::write(path, text).unwrap();
    std::fs::File::options().write(true).open(path).unwrap().set_modified(before.1).unwrap();
    assert_eq!(stamp(path), before, "the change must be invisible to the poll");
}

#[test]
fn a_policy_reloads_when_a_file_it_extends_changes_breaks_or_is_reported_by_the_client() {
    let dir = workspace();
    let root = dir.path().canonicalize().unwrap();
    let base = root.join("base.toml");
    rewrite(&root.join("rules.toml"), "extends = [\"base.toml\"]\n\n[policy]\nname = \"server test\"\n");
    // The base switches nothing off yet.
    rewrite(&base, "[policy]\nname = \"base\"\n");
    let report = root.join("2026-06-cdn-outage.md");
    let text = faulty_report();
    std::fs::write(&report, &text).unwrap();
    let doc = uri(&report);

    let mut client = Client::start(&root);
    client.initialize(&root, &["utf-16"]);
    client.open(&doc, &text);
    let diagnostics = client.diagnostics(&doc, |d| !d.is_empty());
    assert!(has_rule(&diagnostics, "secrets/credentials"), "{diagnostics:#?}");
    assert!(has_rule(&diagnostics, "blameless/named-blame"), "{diagnostics:#?}");

    // (a) The extended file switches a rule off, with no client
    // notification: the poll reloads the policy.
    rewrite(&base, "[rules.\"secrets/credentials\"]\nseverity = \"off\"\n");
    let diagnostics = client.diagnostics(&doc, |d| !has_rule(d, "secrets/credentials"));
    assert!(has_rule(&diagnostics, "blameless/named-blame"), "{diagnostics:#?}");

    // (d) The extended file is broken: the error is shown on it and on the
    // report, and nothing else is checked.
    rewrite(&base, "[rules.\"secrets/credentials\"\nseverity = \"off\"\n");
    let base_uri = uri(&base);
    let on_base = client.diagnostics(&base_uri, |d| !d.is_empty());
    assert_eq!(on_base[0]["severity"], 1, "{on_base:#?}");
    assert_eq!(on_base[0]["code"], "pirlint/config", "{on_base:#?}");
    assert_eq!(on_base[0]["range"]["start"]["line"], 0, "{on_base:#?}");
    let diagnostics = client.diagnostics(&doc, |d| has_rule(d, "pirlint/config"));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(diagnostics[0]["message"].as_str().unwrap().contains("base.toml"), "{diagnostics:#?}");
    // Fixed (the rule back on): the error is cleared, the findings return.
    rewrite(&base, "[rules.\"secrets/credentials\"]\nseverity = \"warning\"\n");
    client.diagnostics(&base_uri, |d| d.is_empty());
    let diagnostics = client.diagnostics(&doc, |d| has_rule(d, "secrets/credentials"));
    assert!(!has_rule(&diagnostics, "pirlint/config"), "{diagnostics:#?}");
    assert_eq!(with_rule(&diagnostics, "secrets/credentials")[0]["severity"], 2, "{diagnostics:#?}");

    // (c) A change the poll cannot see (same size, same mtime) is picked up
    // because the client reports it.
    rewrite_unseen(&base, "[rules.\"secrets/credentials\"]\nseverity = \"off\"    \n");
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": base_uri, "type": 2}]}));
    let diagnostics = client.diagnostics(&doc, |d| !has_rule(d, "secrets/credentials"));
    assert!(has_rule(&diagnostics, "blameless/named-blame"), "{diagnostics:#?}");

    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_plugin_given_with_the_flag_reloads_when_replaced_removed_and_restored() {
    let dir = workspace();
    let root = dir.path().canonicalize().unwrap();
    let dist = common::repo().join("tests/plugins/dist");
    let plugin = root.join("local.wasm");
    std::fs::copy(dist.join("fixture-echo.wasm"), &plugin).unwrap();
    let report = root.join("2026-06-cdn-outage.md");
    // A TODO for fixture-fix/todo to find once that component is in place.
    let text = faulty_report().replacen("# Root cause\n", "# Root cause\n\nTODO: confirm the timeline.\n", 1);
    std::fs::write(&report, &text).unwrap();
    let doc = uri(&report);

    let mut client = Client::start_with(&root, &["--plugin", plugin.to_str().unwrap()]);
    client.initialize(&root, &["utf-16"]);
    client.open(&doc, &text);
    let diagnostics = client.diagnostics(&doc, |d| has_rule(d, "fixture-echo/seen"));
    assert!(!has_rule(&diagnostics, "fixture-fix/todo"), "{diagnostics:#?}");

    // Another component in its place, no client notification: its rules
    // replace the old one's.
    std::fs::copy(dist.join("fixture-fix.wasm"), &plugin).unwrap();
    let diagnostics = client.diagnostics(&doc, |d| has_rule(d, "fixture-fix/todo"));
    assert!(!has_rule(&diagnostics, "fixture-echo/seen"), "{diagnostics:#?}");

    // The component goes: the load error is shown (in a message: it has no
    // place in a file), naming the file, and the other rules still run.
    std::fs::remove_file(&plugin).unwrap();
    let deadline = Instant::now() + WAIT;
    let shown = loop {
        let message = client.next(deadline);
        if message["method"] == "window/showMessage" {
            break message;
        }
        client.pending.push(message);
    };
    assert_eq!(shown["params"]["type"], 1, "{shown:#?}");
    assert!(shown["params"]["message"].as_str().unwrap().contains(&format!("plugin {}", plugin.display())), "{shown:#?}");
    let diagnostics = client.diagnostics(&doc, |d| !has_rule(d, "fixture-fix/todo"));
    assert!(has_rule(&diagnostics, "secrets/credentials"), "{diagnostics:#?}");

    // Restored: its findings return.
    std::fs::copy(dist.join("fixture-fix.wasm"), &plugin).unwrap();
    client.diagnostics(&doc, |d| has_rule(d, "fixture-fix/todo"));

    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_policy_reloads_when_a_component_it_pins_is_replaced_and_restored() {
    use sha2::Digest;
    let dir = workspace();
    let root = dir.path().canonicalize().unwrap();
    let dist = common::repo().join("tests/plugins/dist");
    let echo = std::fs::read(dist.join("fixture-echo.wasm")).unwrap();
    let component = root.join("plugins/echo.wasm");
    std::fs::create_dir_all(component.parent().unwrap()).unwrap();
    std::fs::write(&component, &echo).unwrap();
    let digest: String = sha2::Sha256::digest(&echo).iter().map(|b| format!("{b:02x}")).collect();
    let policy = root.join("rules.toml");
    rewrite(&policy, &format!("[plugins.fixture-echo]\npath = \"plugins/echo.wasm\"\nsha256 = \"{digest}\"\n"));
    let report = root.join("2026-06-cdn-outage.md");
    let text = faulty_report();
    std::fs::write(&report, &text).unwrap();
    let doc = uri(&report);

    let mut client = Client::start(&root);
    client.initialize(&root, &["utf-16"]);
    client.open(&doc, &text);
    client.diagnostics(&doc, |d| has_rule(d, "fixture-echo/seen"));

    // Another component in the pinned file's place, no client notification:
    // the pin refuses it, on the line that pins it, and its rules go.
    std::fs::copy(dist.join("fixture-fix.wasm"), &component).unwrap();
    let on_policy = client.diagnostics(&uri(&policy), |d| !d.is_empty());
    assert_eq!(on_policy.len(), 1, "{on_policy:#?}");
    assert_eq!(on_policy[0]["severity"], 1);
    assert_eq!(on_policy[0]["range"]["start"]["line"], 2, "the `sha256` line: {on_policy:#?}");
    let message = on_policy[0]["message"].as_str().unwrap();
    assert!(message.contains("echo.wasm does not match its pin"), "{message}");
    assert!(message.contains(&format!("expected sha256: {digest}")), "{message}");
    // The built-in rules still run.
    let diagnostics = client.diagnostics(&doc, |d| !has_rule(d, "fixture-echo/seen"));
    assert!(has_rule(&diagnostics, "secrets/credentials"), "{diagnostics:#?}");

    // The pinned component back: the error is cleared, its findings return.
    std::fs::write(&component, &echo).unwrap();
    client.diagnostics(&uri(&policy), |d| d.is_empty());
    client.diagnostics(&doc, |d| has_rule(d, "fixture-echo/seen"));

    assert_eq!(client.shutdown(), 0);
}
