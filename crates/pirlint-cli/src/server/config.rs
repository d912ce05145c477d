//! Policies and their linters, one per `rules.toml` the open documents use
//! (so each workspace folder, or any directory below one, has its own), and
//! the watch on the files each was built from: the policy, the files it
//! `extends`, its plugin components. The server polls their size and mtime
//! every second itself rather than relying on the client (not every client
//! sends `workspace/didChangeWatchedFiles`) or on OS notifications (see
//! ARCHITECTURE.md).

use pirlint_host::linter::{Linter, LinterOptions};
use pirlint_host::policy::{self, ConfigError, Policy};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the watched files are looked at.
pub const POLL: Duration = Duration::from_secs(1);

/// What the command line gave `pirlint server`: it applies to every policy.
#[derive(Clone, Default)]
pub struct Settings {
    /// `--config`: one policy for every document instead of the nearest
    /// `rules.toml`.
    pub config: Option<PathBuf>,
    pub now: Option<String>,
    pub plugins: Vec<PathBuf>,
}

/// A policy file as identified: `None` is the built-in default policy.
pub type PolicyKey = Option<PathBuf>;

/// A file's size and modification time, or `None` when it is absent.
type Stamp = Option<(u64, SystemTime)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

pub struct Config {
    /// `None` when the policy could not be loaded (`errors` says why).
    pub linter: Option<Linter>,
    /// Errors in the policy (fatal when `linter` is `None`).
    pub errors: Vec<ConfigError>,
    pub warnings: Vec<String>,
    watched: Vec<(PathBuf, Stamp)>,
}

impl Config {
    fn load(key: &PolicyKey, settings: &Settings) -> Config {
        let mut files: Vec<PathBuf> = key.iter().cloned().chain(settings.plugins.iter().cloned()).collect();
        // Stamps are taken before reading, so an edit made during the load
        // is seen by the next poll.
        let before: Vec<(PathBuf, Stamp)> = files.iter().map(|p| (p.clone(), stamp(p))).collect();
        let policy = match key {
            Some(path) => Policy::load_all(path),
            None => Ok(Policy::builtin()),
        };
        let mut config = match policy {
            Ok(policy) => {
                files.extend(policy.files.iter().cloned());
                files.extend(policy.plugin_files.values().map(|p| p.path.clone()));
                let options =
                    LinterOptions { now: settings.now.clone(), extra_plugins: settings.plugins.clone(), ..LinterOptions::default() };
                let (linter, errors) = Linter::new(&policy, options);
                let warnings = linter.warnings();
                Config { linter: Some(linter), errors, warnings, watched: Vec::new() }
            }
            Err(errors) => {
                // A broken file named by `extends`: watch it too, so fixing
                // it reloads.
                files.extend(errors.iter().filter_map(|e| e.path.clone()));
                Config { linter: None, errors, warnings: Vec::new(), watched: Vec::new() }
            }
        };
        files.sort();
        files.dedup();
        config.watched = files
            .into_iter()
            .map(|path| {
                let s = before.iter().find(|(p, _)| *p == path).map_or_else(|| stamp(&path), |(_, s)| *s);
                (path, s)
            })
            .collect();
        config
    }

    fn changed(&self) -> bool {
        self.watched.iter().any(|(path, s)| stamp(path) != *s)
    }

    /// Whether `path` is one of the files this policy was built from.
    fn watches(&self, path: &Path) -> bool {
        self.watched.iter().any(|(p, _)| p == path)
    }
}

pub struct Configs {
    settings: Settings,
    loaded: HashMap<PolicyKey, Config>,
}

impl Configs {
    pub fn new(settings: Settings) -> Configs {
        Configs { settings, loaded: HashMap::new() }
    }

    /// The policy a document at `path` follows: `--config`, else the nearest
    /// `rules.toml` in its directory or above, else the built-in one.
    pub fn key_for(&self, path: &Path) -> PolicyKey {
        if let Some(config) = &self.settings.config {
            return Some(config.clone());
        }
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty())?;
        policy::discover(dir)
    }

    /// The policy of a workspace folder (loaded ahead of the first document).
    pub fn key_for_folder(&self, folder: &Path) -> PolicyKey {
        self.settings.config.clone().or_else(|| policy::discover(folder))
    }

    /// Loads the policy `key` names unless it is loaded; `true` when it was
    /// loaded now (its errors are then to be reported).
    pub fn ensure(&mut self, key: &PolicyKey) -> bool {
        if self.loaded.contains_key(key) {
            return false;
        }
        let config = Config::load(key, &self.settings);
        self.loaded.insert(key.clone(), config);
        true
    }

    /// A loaded policy (after [`Configs::ensure`]).
    pub fn get(&self, key: &PolicyKey) -> Option<&Config> {
        self.loaded.get(key)
    }

    /// Reloads every policy one of whose files changed (or, with `touched`,
    /// that watches one of those paths, as the client reported), and returns
    /// the keys reloaded.
    pub fn reload_changed(&mut self, touched: &[PathBuf]) -> Vec<PolicyKey> {
        let stale: Vec<PolicyKey> = self
            .loaded
            .iter()
            .filter(|(_, c)| c.changed() || touched.iter().any(|t| c.watches(t)))
            .map(|(k, _)| k.clone())
            .collect();
        for key in &stale {
            let config = Config::load(key, &self.settings);
            self.loaded.insert(key.clone(), config);
        }
        stale
    }

    /// Drops the linters no open document or workspace folder uses.
    pub fn retain(&mut self, used: &[PolicyKey]) {
        self.loaded.retain(|k, _| used.contains(k));
    }
}
