fn main() {
    pirlint_plugin_build::Plugin::new("compliance").generate();
}
