fn main() {
    pirlint_plugin_build::Plugin::new("lessons").generate();
}
