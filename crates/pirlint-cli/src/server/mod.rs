//! `pirlint server`: the Language Server Protocol over standard input and
//! output.
//!
//! The data flow: this module runs the protocol loop (one thread; messages
//! from the client, the debounce deadlines and the policy poll), the
//! document store (`documents.rs`) holds the unsaved texts and when each is
//! due to be checked, `config.rs` holds a linter per policy and watches the
//! files each was built from, `position.rs` converts byte spans to the
//! negotiated position encoding and `features.rs` turns findings into
//! diagnostics, code actions and hover.

mod config;
mod documents;
mod features;
mod position;

pub use config::Settings;

use config::{Configs, PolicyKey};
use documents::{Checked, Documents};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, Diagnostic, DidChangeWatchedFilesRegistrationOptions,
    FileSystemWatcher, GlobPattern, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult, MessageType, OneOf,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};
use position::{Encoding, LineIndex};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Runs the server until the client says `exit`; the process's exit code
/// (0 after `shutdown`, 1 otherwise, as the protocol asks).
pub fn run(settings: Settings) -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let code = match Server::start(connection, settings) {
        Ok(mut server) => {
            let code = server.serve();
            drop(server);
            code
        }
        Err(e) => {
            eprintln!("pirlint server: {e}");
            1
        }
    };
    if let Err(e) = io_threads.join() {
        eprintln!("pirlint server: {e}");
    }
    code
}

struct Server {
    conn: Connection,
    encoding: Encoding,
    folders: Vec<PathBuf>,
    docs: Documents,
    configs: Configs,
    /// The policy each open document was last checked under.
    doc_policy: HashMap<Url, PolicyKey>,
    /// The policy files on which configuration errors are shown, by policy.
    config_uris: HashMap<PolicyKey, HashSet<Url>>,
    next_poll: Instant,
    shutdown: bool,
    next_request: i32,
}

fn folder_path(uri: &Url) -> Option<PathBuf> {
    uri.to_file_path().ok()
}

impl Server {
    fn start(conn: Connection, settings: Settings) -> Result<Server, String> {
        let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
        let params: InitializeParams = serde_json::from_value(params).map_err(|e| format!("bad initialize request: {e}"))?;
        let encoding = Encoding::negotiate(params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
        #[allow(deprecated)] // root_uri: older clients send only that
        let folders: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) => folders.iter().filter_map(|f| folder_path(&f.uri)).collect(),
            None => params.root_uri.as_ref().and_then(folder_path).into_iter().collect(),
        };
        let capabilities = ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
                ..TextDocumentSyncOptions::default()
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..ServerCapabilities::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo { name: "pirlint".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
        };
        let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
        conn.initialize_finish(id, result).map_err(|e| e.to_string())?;
        let watch_registration = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let mut server = Server {
            conn,
            encoding,
            folders,
            docs: Documents::default(),
            configs: Configs::new(settings),
            doc_policy: HashMap::new(),
            config_uris: HashMap::new(),
            next_poll: Instant::now() + config::POLL,
            shutdown: false,
            next_request: 0,
        };
        if watch_registration {
            server.register_watchers();
        }
        // Load the folders' policies now, so the first document opened is
        // checked without waiting for its plugins.
        for key in server.folder_keys() {
            server.ensure_policy(&key);
        }
        Ok(server)
    }

    fn folder_keys(&self) -> Vec<PolicyKey> {
        let mut keys: Vec<PolicyKey> = self.folders.iter().map(|f| self.configs.key_for_folder(f)).collect();
        keys.dedup();
        keys
    }

    /// The protocol loop: a message, or the next deadline (a debounced
    /// document, the policy poll), whichever comes first.
    fn serve(&mut self) -> u8 {
        loop {
            let deadline = self.docs.next_due().map_or(self.next_poll, |due| due.min(self.next_poll));
            match self.conn.receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(Message::Request(request)) => self.on_request(request),
                Ok(Message::Notification(n)) if n.method == notif::Exit::METHOD => return if self.shutdown { 0 } else { 1 },
                Ok(Message::Notification(n)) => self.on_notification(n),
                Ok(Message::Response(_)) => {}
                Err(crossbeam_timeout) if crossbeam_timeout.is_timeout() => {}
                Err(_) => return if self.shutdown { 0 } else { 1 },
            }
            let now = Instant::now();
            if now >= self.next_poll {
                self.poll(&[]);
                self.next_poll = Instant::now() + config::POLL;
            }
            for uri in self.docs.due(now) {
                self.check(&uri);
            }
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // Fails only once the client is gone; the loop then ends on its own.
        let _ = self.conn.sender.send(message.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_owned(), params));
    }

    fn show(&self, typ: MessageType, message: String) {
        self.notify::<notif::ShowMessage>(ShowMessageParams { typ, message });
    }

    fn publish(&self, uri: Url, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        self.notify::<notif::PublishDiagnostics>(PublishDiagnosticsParams { uri, diagnostics, version });
    }

    fn register_watchers(&mut self) {
        let watchers = ["**/rules.toml", "**/*.toml", "**/*.wasm"]
            .iter()
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String((*glob).into()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "pirlint-policy-files".into(),
                method: notif::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let id = RequestId::from(format!("pirlint-{}", self.next_request));
        self.send(Request::new(id, req::RegisterCapability::METHOD.into(), params));
    }

    fn on_request(&mut self, request: Request) {
        if self.shutdown {
            let message = "the server is shutting down".to_owned();
            return self.send(Response::new_err(request.id, ErrorCode::InvalidRequest as i32, message));
        }
        let id = request.id.clone();
        let response = match request.method.as_str() {
            req::Shutdown::METHOD => {
                self.shutdown = true;
                Response::new_ok(id, ())
            }
            req::CodeActionRequest::METHOD => match serde_json::from_value::<CodeActionParams>(request.params) {
                Ok(params) => Response::new_ok(id, self.code_actions(params)),
                Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
            },
            req::HoverRequest::METHOD => match serde_json::from_value::<HoverParams>(request.params) {
                Ok(params) => Response::new_ok(id, self.hover(params)),
                Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
            },
            other => Response::new_err(id, ErrorCode::MethodNotFound as i32, format!("pirlint does not handle {other}")),
        };
        self.send(response);
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params) {
                    self.docs.open(p.text_document.uri, p.text_document.text, p.text_document.version);
                }
            }
            notif::DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params) {
                    self.docs.change(&p.text_document.uri, p.text_document.version, p.content_changes, self.encoding);
                }
            }
            notif::DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params) {
                    self.docs.expedite(&p.text_document.uri);
                    // Saving a policy file open in the editor reloads at once.
                    if let Ok(path) = p.text_document.uri.to_file_path() {
                        self.poll(&[path]);
                    }
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params) {
                    if self.docs.close(&p.text_document.uri) {
                        self.doc_policy.remove(&p.text_document.uri);
                        self.publish(p.text_document.uri, Vec::new(), None);
                    }
                }
            }
            notif::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(n.params) {
                    let paths: Vec<PathBuf> = p.changes.iter().filter_map(|c| c.uri.to_file_path().ok()).collect();
                    self.poll(&paths);
                }
            }
            notif::DidChangeWorkspaceFolders::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeWorkspaceFoldersParams>(n.params) {
                    let removed: Vec<PathBuf> = p.event.removed.iter().filter_map(|f| folder_path(&f.uri)).collect();
                    self.folders.retain(|f| !removed.contains(f));
                    self.folders.extend(p.event.added.iter().filter_map(|f| folder_path(&f.uri)));
                    for key in self.folder_keys() {
                        self.ensure_policy(&key);
                    }
                    self.poll(&[]);
                }
            }
            _ => {}
        }
    }

    /// The policy a document follows; a buffer without a file follows the
    /// first workspace folder's.
    fn key_for(&self, path: &std::path::Path) -> PolicyKey {
        if path.is_absolute() {
            return self.configs.key_for(path);
        }
        match self.folders.first() {
            Some(folder) => self.configs.key_for_folder(folder),
            None => std::env::current_dir().ok().and_then(|cwd| self.configs.key_for_folder(&cwd)),
        }
    }

    /// Loads a policy on first use and reports its errors.
    fn ensure_policy(&mut self, key: &PolicyKey) {
        if self.configs.ensure(key) {
            self.report_config(key);
        }
    }

    /// Shows a policy's errors: as diagnostics on the policy files (cleared
    /// once fixed) and in a message; its warnings in a message.
    fn report_config(&mut self, key: &PolicyKey) {
        let Some(config) = self.configs.get(key) else { return };
        let (by_file, unplaced) = features::config_diagnostics(&config.errors, self.encoding);
        let name = key.as_ref().map_or_else(|| "the built-in policy".to_owned(), |p| p.display().to_string());
        let mut messages = Vec::new();
        if !config.errors.is_empty() {
            let first = config.errors[0].to_string();
            let what = if config.linter.is_some() { "" } else { "; no rule is checked until it is fixed" };
            messages.push((MessageType::ERROR, format!("pirlint: {} error(s) in {name}{what}: {first}", config.errors.len())));
        }
        for message in unplaced.iter().skip(1) {
            messages.push((MessageType::ERROR, format!("pirlint: {message}")));
        }
        for warning in &config.warnings {
            messages.push((MessageType::WARNING, format!("pirlint: {warning}")));
        }
        let now: HashSet<Url> = by_file.keys().cloned().collect();
        let before = self.config_uris.insert(key.clone(), now.clone()).unwrap_or_default();
        for uri in before.difference(&now) {
            self.publish(uri.clone(), Vec::new(), None);
        }
        for (uri, diagnostics) in by_file {
            self.publish(uri, diagnostics, None);
        }
        for (typ, message) in messages {
            self.show(typ, pirlint_host::escape::terminal(&message).into_owned());
        }
    }

    /// Reloads the policies whose files changed (or that watch `touched`),
    /// drops the unused ones and rechecks the documents whose policy was
    /// reloaded or is now another one (a `rules.toml` created or removed).
    fn poll(&mut self, touched: &[PathBuf]) {
        let reloaded = self.configs.reload_changed(touched);
        for key in &reloaded {
            self.report_config(key);
        }
        for uri in self.docs.uris() {
            let Some(doc) = self.docs.get(&uri) else { continue };
            let key = self.key_for(&doc.path);
            let previous = self.doc_policy.get(&uri);
            if previous != Some(&key) || reloaded.contains(&key) {
                self.docs.recheck(&uri);
            }
        }
        let mut used: Vec<PolicyKey> = self.doc_policy.values().cloned().collect();
        used.extend(self.folder_keys());
        for uri in self.docs.uris() {
            if let Some(doc) = self.docs.get(&uri) {
                used.push(self.key_for(&doc.path));
            }
        }
        self.configs.retain(&used);
    }

    /// Checks a document's current text and publishes its diagnostics.
    fn check(&mut self, uri: &Url) {
        let Some(doc) = self.docs.get_mut(uri) else { return };
        if doc.path.extension().is_some_and(|e| e == "toml") {
            // A policy file open in the editor is no report: its errors are
            // published by `report_config`.
            doc.due = None;
            return;
        }
        let path = doc.path.clone();
        let key = self.key_for(&path);
        self.ensure_policy(&key);
        self.doc_policy.insert(uri.clone(), key.clone());
        let Some(doc) = self.docs.get(uri) else { return };
        let config = self.configs.get(&key).expect("ensured above");
        let text: Arc<str> = Arc::from(doc.text.as_str());
        let version = doc.version;
        let (findings, diagnostics) = match &config.linter {
            Some(linter) => {
                let shown = self.display_path(&doc.path);
                let findings = linter.check(&doc.path, &shown, &text);
                let checked = Checked { text: text.clone(), findings };
                let diagnostics = features::diagnostics(uri, &checked, self.encoding);
                (checked.findings, diagnostics)
            }
            None => (Vec::new(), vec![features::policy_failed(key.as_deref(), &config.errors)]),
        };
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.due = None;
            doc.checked = Some(Checked { text, findings });
        }
        self.publish(uri.clone(), diagnostics, Some(version));
    }

    /// The path shown in findings: relative to its workspace folder.
    fn display_path(&self, path: &std::path::Path) -> String {
        let relative = self.folders.iter().find_map(|f| path.strip_prefix(f).ok()).unwrap_or(path);
        relative.display().to_string()
    }

    /// The document's findings for its current text, checking it first if
    /// an edit is still in its debounce window.
    fn current(&mut self, uri: &Url) -> Option<&Checked> {
        if self.docs.get(uri)?.current().is_none() {
            self.check(uri);
        }
        self.docs.get(uri)?.current()
    }

    fn code_actions(&mut self, params: CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        if let Some(only) = &params.context.only {
            if !only.iter().any(|k| k.as_str().starts_with(CodeActionKind::QUICKFIX.as_str())) {
                return Vec::new();
            }
        }
        let uri = params.text_document.uri;
        let encoding = self.encoding;
        let Some(checked) = self.current(&uri) else { return Vec::new() };
        let index = LineIndex::new(&checked.text, encoding);
        let (start, end) = (index.offset(params.range.start), index.offset(params.range.end));
        features::code_actions(&uri, checked, encoding, start, end)
    }

    fn hover(&mut self, params: HoverParams) -> Option<lsp_types::Hover> {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let encoding = self.encoding;
        self.current(&uri)?;
        let key = self.doc_policy.get(&uri).cloned().flatten();
        let checked = self.docs.get(&uri)?.current()?;
        let offset = LineIndex::new(&checked.text, encoding).offset(position);
        let linter = self.configs.get(&key).and_then(|c| c.linter.as_ref());
        features::hover(linter, checked, encoding, offset)
    }
}
