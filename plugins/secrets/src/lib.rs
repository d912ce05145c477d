//! pirlint built-in plugin `secrets`: credentials and personal data that
//! must not leak through a widely shared report.
//!
//! Unlike the language rules, both rules scan the whole source, code blocks
//! and quotes included: pasted logs and config snippets are where leaks hide.

mod scan;

pirlint_plugin_sdk::include_rules!();
