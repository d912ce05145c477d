fn main() {
    // The host refuses more than 1000 findings from one plugin; past a few
    // hundred, more of the same helps nobody.
    pirlint_plugin_build::Plugin::new("secrets").max_findings(500).generate();
}
