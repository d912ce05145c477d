//! pirlint built-in plugin `structure`: required sections, empty sections,
//! placeholders left from templates, executive-summary length and
//! unexpanded acronyms.

#[cfg(test)]
use pirlint_plugin_sdk::prelude::*;

mod prefilter;

pirlint_plugin_sdk::include_rules!();

#[cfg(test)]
mod tests;
